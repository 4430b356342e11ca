package io.ruaflow.ingest.transport;

import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.Envelope;
import io.ruaflow.ingest.Subscription;
import io.ruaflow.ingest.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transport inside one JVM: one bounded, single-partition log per topic. A message stays in the log until
 * every consumer group that subscribed to the topic has committed past it, so a consumer that is closed and
 * subscribed again re-reads its uncommitted messages exactly like a Kafka consumer. A publish blocks while the
 * log holds {@code capacity} uncommitted messages (back-pressure).
 *
 * <p>Nothing here survives the JVM, so a publish's future completes only when the subscribed groups have
 * committed the message, i.e. when the next stage accepted it; chained through the stages, a source marks a mail
 * done only once the store holds its records. Subscribe every consumer before publishing.
 *
 * <p>One active consumer per group and topic (a single partition has one owner).
 */
public final class InProcessTransport implements Transport {
    /** Messages a topic holds before a publish blocks, unless configured otherwise. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final Map<String, TopicLog> logs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private InProcessTransport(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("in-process queue capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    public static InProcessTransport withCapacity(int capacity) {
        return new InProcessTransport(capacity);
    }

    TopicLog log(String topic) {
        return logs.computeIfAbsent(topic, t -> new TopicLog(t, capacity));
    }

    @Override
    public CompletableFuture<Void> publish(String topic, Envelope envelope) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("in-process transport is closed"));
        }
        try {
            return log(topic).append(envelope, () -> closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Messages stay in this JVM: a records message is handed over as objects, never encoded. */
    @Override
    public boolean carriesObjects() {
        return true;
    }

    @Override
    public void flush() {}

    @Override
    public Subscription subscribe(String topic, String group) {
        TopicLog log = log(topic);
        return new InProcessSubscription(log, group, log.register(group));
    }

    /** Messages published to {@code topic} and not yet committed by every group: for tests and metrics. */
    public long backlog(String topic) {
        return log(topic).backlog();
    }

    @Override
    public String describe() {
        return "in-process (capacity " + capacity + " per topic)";
    }

    @Override
    public void close() {
        closed = true;
        logs.values().forEach(TopicLog::wakeAll);
    }

    private static final class InProcessSubscription implements Subscription {
        private static final int MAX_POLL = 500;
        private final TopicLog log;
        private final String group;
        private long position;
        private boolean paused;

        InProcessSubscription(TopicLog log, String group, long position) {
            this.log = log;
            this.group = group;
            this.position = position;
        }

        @Override
        public List<Delivery> poll(Duration timeout) {
            if (paused) {
                sleep(timeout);
                return List.of();
            }
            List<Delivery> read = log.read(position, MAX_POLL, timeout);
            if (!read.isEmpty()) {
                position = read.get(read.size() - 1).offset() + 1;
            }
            return read;
        }

        private static void sleep(Duration timeout) {
            try {
                Thread.sleep(Math.min(timeout.toMillis(), 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean commit(List<Delivery> done) {
            long next = -1;
            for (Delivery delivery : done) {
                next = Math.max(next, delivery.offset() + 1);
            }
            if (next >= 0) {
                log.commit(group, next);
            }
            return true;
        }

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }

        @Override
        public void close() {}
    }
}
