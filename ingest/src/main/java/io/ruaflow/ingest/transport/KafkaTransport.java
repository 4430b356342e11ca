package io.ruaflow.ingest.transport;

import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.Envelope;
import io.ruaflow.ingest.Subscription;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport between processes. The producer is idempotent with {@code acks=all}, so a publish's future
 * completes only when every in-sync replica has the message and a retried send is never written twice. Consumers
 * never auto-commit: a stage commits after the next stage accepted its work.
 *
 * <p>{@code properties} are passed to the Kafka clients as is (security, timeouts); {@code producer.} and
 * {@code consumer.} prefixes apply a property to one kind of client only. The safety settings above cannot be
 * overridden.
 *
 * <p>The producer must answer every send within its {@code delivery.timeout.ms}. One that has left a send unanswered
 * for {@link #STALL_GRACE} longer (seen with an idempotent producer resending a batch with an out-of-order sequence
 * for ever, cf. KAFKA-14359) is replaced: its unanswered publishes fail, so their stages try them again on the new
 * producer, and the replacement is logged. Without this, ingest would wait for ever with nothing in its log.
 */
public final class KafkaTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTransport.class);

    /** How often unanswered sends are checked against the stall limit. */
    static final Duration STALL_CHECK_EVERY = Duration.ofSeconds(5);

    /** How much longer than its delivery timeout a producer may leave a send unanswered before it is replaced. */
    static final Duration STALL_GRACE = Duration.ofSeconds(60);

    /** The producer publishes go to, and its number: publishes are tracked per producer. */
    private record Current(Producer<String, byte[]> producer, long number) {}

    private final String bootstrap;
    private final Map<String, String> properties;
    private final Map<String, Object> producerConfig;
    private final Function<Map<String, Object>, Producer<String, byte[]>> producers;
    private final Duration stallLimit;
    private final PendingSends pending = new PendingSends();
    private final ScheduledExecutorService watchdog;
    private volatile Current current;
    private volatile boolean closed;

    private KafkaTransport(String bootstrap, Map<String, String> properties) {
        this(bootstrap, properties, KafkaProducer::new, null, STALL_CHECK_EVERY);
    }

    /**
     * {@code producers} makes each producer from the config; {@code stallLimit} is null for the producer's delivery
     * timeout plus {@link #STALL_GRACE}.
     */
    KafkaTransport(
            String bootstrap,
            Map<String, String> properties,
            Function<Map<String, Object>, Producer<String, byte[]>> producers,
            Duration stallLimit,
            Duration checkEvery) {
        this.bootstrap = bootstrap;
        this.properties = Map.copyOf(properties);
        this.producers = producers;
        Map<String, Object> config = clientConfig("producer.");
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        config.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 * 1024 * 1024));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producerConfig = Map.copyOf(config);
        this.stallLimit = stallLimit != null
                ? stallLimit
                : Duration.ofMillis((Integer)
                                ProducerConfig.configDef().parse(config).get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
                        .plus(STALL_GRACE);
        this.current = new Current(producers.apply(producerConfig), 1);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ruaflow-kafka-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleWithFixedDelay(
                this::replaceIfStalled, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Replaces the producer when it left a send unanswered beyond the stall limit (see the class comment).
     * Synchronized with {@link #close()}, so that a producer made here is never left open by a close.
     */
    synchronized void replaceIfStalled() {
        try {
            Current stalled = current;
            PendingSends.Pending oldest =
                    pending.oldestSentBefore(System.nanoTime() - stallLimit.toNanos(), stalled.number());
            if (oldest == null || closed) {
                return;
            }
            long waited = (System.nanoTime() - oldest.sentNanos()) / 1_000_000_000L;
            current = new Current(producers.apply(producerConfig), stalled.number() + 1);
            int failed = pending.failAll(
                    stalled.number(),
                    new KafkaException("Kafka producer did not answer within " + waited + " s (limit "
                            + stallLimit.toSeconds() + " s); replaced, try again"));
            LOG.error(
                    "Kafka producer left the publish to {} (key {}) unanswered for {} s, past its delivery timeout"
                            + " (limit {} s): replaced it with a new producer; its {} unanswered publishes failed"
                            + " and their stages try them again",
                    oldest.topic(),
                    oldest.key(),
                    waited,
                    stallLimit.toSeconds(),
                    failed);
            stalled.producer().close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.error(
                    "replacing the stalled Kafka producer on {} failed: {}; checking again in {} s",
                    bootstrap,
                    e,
                    STALL_CHECK_EVERY.toSeconds());
        }
    }

    /** How long a send may stay unanswered before the producer is replaced. */
    Duration stallLimit() {
        return stallLimit;
    }

    /** Publishes not yet answered by the producer (tests). */
    int pendingSends() {
        return pending.size();
    }

    /** Connects lazily: the first publish or poll reaches the brokers. */
    public static KafkaTransport withBootstrap(String bootstrap) {
        return withBootstrap(bootstrap, Map.of());
    }

    public static KafkaTransport withBootstrap(String bootstrap, Map<String, String> properties) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers must look like host:9092: '" + bootstrap + "'");
        }
        return new KafkaTransport(bootstrap.trim(), properties);
    }

    private Map<String, Object> clientConfig(String prefix) {
        Map<String, Object> config = new HashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                config.put(key.substring(prefix.length()), value);
            } else if (!key.startsWith("producer.") && !key.startsWith("consumer.")) {
                config.put(key, value);
            }
        });
        return config;
    }

    /**
     * Creates the topics that do not exist yet, with {@code partitions} partitions and {@code replication}
     * replicas; existing topics are left as they are. Waits at most {@code timeout}.
     */
    public void createTopics(Topics topics, int partitions, short replication, Duration timeout) {
        Map<String, Object> config = clientConfig("admin.");
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : List.of(topics.raw(), topics.records(), topics.dlq())) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, replication));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info(
                            "created Kafka topics {} on {}",
                            missing.stream().map(NewTopic::name).toList(),
                            bootstrap);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, List.of(topics.raw(), topics.records(), topics.dlq()), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics on " + bootstrap, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot create topics on Kafka " + bootstrap + ": " + e, e);
        }
    }

    /**
     * Waits until every partition of the topics has a leader and this producer knows it: a first send to a
     * partition still electing its leader can otherwise stall an idempotent producer until its delivery timeout.
     */
    private void awaitLeaders(Admin admin, List<String> names, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ready;
            try {
                ready =
                        admin
                                .describeTopics(names)
                                .allTopicNames()
                                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                                .values()
                                .stream()
                                .allMatch(topic -> topic.partitions().stream()
                                        .allMatch(p -> p.leader() != null
                                                && !p.leader().isEmpty()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false; // just created: not yet in the metadata
            }
            if (ready) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + names + " have no leader after " + timeout);
            }
            Thread.sleep(100);
        }
        for (String name : names) {
            current.producer().partitionsFor(name);
        }
    }

    @Override
    public CompletableFuture<Void> publish(String topic, Envelope envelope) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (envelope.payload() != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "Kafka carries bytes: encode the message for " + topic + " (key " + envelope.key() + ")"));
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, envelope.key(), envelope.value());
        envelope.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        Current producer = current;
        pending.track(topic, envelope.key(), System.nanoTime(), producer.number(), done);
        try {
            producer.producer().send(record, (metadata, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void flush() {
        current.producer().flush();
    }

    @Override
    public Subscription subscribe(String topic, String group) {
        Map<String, Object> config = clientConfig("consumer.");
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaSubscription(new KafkaConsumer<>(config), topic);
    }

    @Override
    public String describe() {
        return "kafka:" + bootstrap;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            watchdog.shutdownNow();
            current.producer().close(Duration.ofSeconds(30));
        }
    }

    private static final class KafkaSubscription implements Subscription, ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> consumer;
        private final String topic;
        private final Set<TopicPartition> owned = new HashSet<>();
        private boolean paused;
        private boolean closed;

        KafkaSubscription(KafkaConsumer<String, byte[]> consumer, String topic) {
            this.consumer = consumer;
            this.topic = topic;
            consumer.subscribe(List.of(topic), this);
        }

        @Override
        public List<Delivery> poll(Duration timeout) {
            List<Delivery> out = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
                Map<String, String> headers = new HashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
                out.add(new Delivery(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        new Envelope(record.key(), record.value() == null ? new byte[0] : record.value(), headers)));
            }
            return out;
        }

        @Override
        public boolean commit(List<Delivery> done) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            boolean allOwned = true;
            for (Delivery delivery : done) {
                TopicPartition partition = new TopicPartition(delivery.topic(), delivery.partition());
                if (!owned.contains(partition)) {
                    allOwned = false;
                    continue;
                }
                offsets.merge(
                        partition,
                        new OffsetAndMetadata(delivery.offset() + 1),
                        (a, b) -> a.offset() >= b.offset() ? a : b);
            }
            if (offsets.isEmpty()) {
                return allOwned;
            }
            try {
                consumer.commitSync(offsets);
                return allOwned;
            } catch (CommitFailedException | RebalanceInProgressException e) {
                LOG.warn("commit on {} lost to a rebalance; the new owner reads those messages again", topic);
                return false;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("commit on {} timed out ({}); the next commit covers these offsets", topic, e.getMessage());
                return true;
            }
        }

        @Override
        public void pause() {
            paused = true;
            consumer.pause(consumer.assignment());
        }

        @Override
        public void resume() {
            paused = false;
            consumer.resume(consumer.assignment());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            owned.addAll(partitions);
            if (paused) {
                consumer.pause(partitions);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            }
        }
    }
}
