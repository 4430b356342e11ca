package io.ruaflow.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.ruaflow.enricher.testing.CapturedLog;
import io.ruaflow.ingest.Envelope;
import io.ruaflow.ingest.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A producer that stops answering is replaced, and its unanswered publishes fail so that their stages retry. */
class KafkaTransportStallTest {
    private final CapturedLog log = CapturedLog.of(KafkaTransport.class);
    private final List<Producer<String, byte[]>> made = new CopyOnWriteArrayList<>();

    @AfterEach
    void release() {
        log.close();
    }

    private Producer<String, byte[]> mock(Map<String, Object> config) {
        MockProducer<String, byte[]> producer =
                new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        made.add(producer);
        return producer;
    }

    private static Envelope envelope(String key) {
        return Envelope.of(key, key.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> errors() {
        return log.lines(Level.ERROR);
    }

    @Test
    void aProducerThatLeavesASendUnansweredPastTheLimitIsReplaced() throws Exception {
        KafkaTransport transport =
                new KafkaTransport("localhost:1", Map.of(), this::mock, Duration.ofMillis(300), Duration.ofMillis(50));
        try {
            CompletableFuture<Void> stuck = transport.publish("t.raw", envelope("a.xml"));
            CompletableFuture<Void> alsoStuck = transport.publish("t.raw", envelope("b.xml"));

            assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("Kafka producer did not answer");
            assertThatThrownBy(() -> alsoStuck.get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("Kafka producer did not answer");
            assertThat(made).hasSize(2);
            MockProducer<String, byte[]> replaced = (MockProducer<String, byte[]>) made.get(0);
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    !replaced.closed() && System.nanoTime() < deadline; ) {
                Thread.sleep(10); // closed after the line is logged
            }
            assertThat(replaced.closed()).isTrue();
            assertThat(errors())
                    .singleElement()
                    .asString()
                    .contains("publish to t.raw (key a.xml)", "2 unanswered publishes failed");

            // the next publish goes to the new producer and completes when it answers
            CompletableFuture<Void> retried = transport.publish("t.raw", envelope("a.xml"));
            MockProducer<String, byte[]> fresh = (MockProducer<String, byte[]>) made.get(1);
            assertThat(fresh.history()).hasSize(1);
            assertThat(fresh.completeNext()).isTrue();
            retried.get(10, TimeUnit.SECONDS);
            assertThat(transport.pendingSends()).isZero();
        } finally {
            transport.close();
        }
    }

    @Test
    void sendsAnsweredWithinTheLimitKeepTheProducer() throws Exception {
        KafkaTransport transport =
                new KafkaTransport("localhost:1", Map.of(), this::mock, Duration.ofMillis(600), Duration.ofMillis(50));
        try {
            for (int i = 0; i < 5; i++) {
                CompletableFuture<Void> sent = transport.publish("t.raw", envelope("r" + i));
                Thread.sleep(200); // answered late, but within the limit
                assertThat(((MockProducer<String, byte[]>) made.get(0)).completeNext())
                        .isTrue();
                sent.get(10, TimeUnit.SECONDS);
            }
            Thread.sleep(800);
            assertThat(made).hasSize(1);
            assertThat(errors()).isEmpty();
        } finally {
            transport.close();
        }
    }

    @Test
    void theLimitIsTheProducersDeliveryTimeoutAndTheGrace() {
        KafkaTransport transport = new KafkaTransport(
                "localhost:1", Map.of("producer.delivery.timeout.ms", "45000"), this::mock, null, Duration.ofHours(1));
        try {
            assertThat(transport.stallLimit()).isEqualTo(Duration.ofSeconds(45).plus(KafkaTransport.STALL_GRACE));
        } finally {
            transport.close();
        }
        KafkaTransport defaults = new KafkaTransport("localhost:1", Map.of(), this::mock, null, Duration.ofHours(1));
        try {
            assertThat(defaults.stallLimit()).isEqualTo(Duration.ofMinutes(2).plus(KafkaTransport.STALL_GRACE));
        } finally {
            defaults.close();
        }
    }

    /**
     * Against a real broker that stops answering: the real producer, replaced while its batches wait for a leader,
     * fails them, and the new producer delivers once the broker is back.
     */
    @Test
    void aRealProducerWaitingOnAStoppedBrokerIsReplacedAndTheNextOneDelivers() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            KafkaTransport transport = new KafkaTransport(
                    broker.bootstrap(),
                    Map.of("linger.ms", "1"),
                    config -> {
                        Producer<String, byte[]> producer = new KafkaProducer<>(config);
                        made.add(producer);
                        return producer;
                    },
                    Duration.ofSeconds(3),
                    Duration.ofMillis(200));
            try {
                transport.publish("stall", envelope("before")).get(60, TimeUnit.SECONDS);
                broker.stop();
                CompletableFuture<Void> waiting = transport.publish("stall", envelope("during"));
                assertThatThrownBy(() -> waiting.get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasMessageContaining("Kafka producer did not answer");
                assertThat(made).hasSize(2);
                broker.restart();
                transport.publish("stall", envelope("after")).get(120, TimeUnit.SECONDS);
                assertThat(made).hasSize(2);
            } finally {
                transport.close();
            }
        }
    }
}
