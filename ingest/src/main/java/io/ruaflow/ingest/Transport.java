package io.ruaflow.ingest;

import java.util.concurrent.CompletableFuture;

/**
 * Carries messages between stages: Kafka between processes, or a bounded in-process queue inside one JVM. Both
 * give the same guarantees, so the stages run the same code on either: a publish completes only once the message
 * is durable (Kafka: acks=all, idempotent producer), and a consumer group re-reads everything it has not
 * {@linkplain Subscription#commit committed}, so a stage commits only after the next stage accepted the work.
 *
 * <p>Thread-safe; {@link #close()} may be called twice.
 */
public interface Transport extends AutoCloseable {
    /**
     * Publishes one message. The future completes when the message is durable and fails when it could not be
     * made so; callers wait on it before they acknowledge their own input. May block while the transport is full
     * (back-pressure).
     */
    CompletableFuture<Void> publish(String topic, Envelope envelope);

    /**
     * Whether messages may carry their decoded {@link Envelope#payload()} instead of bytes: true only inside one
     * JVM. Kafka carries bytes (the versioned records format).
     */
    default boolean carriesObjects() {
        return false;
    }

    /** Waits until every message published so far is durable or failed. */
    void flush();

    /** A consumer of {@code topic} in consumer group {@code group}; use it from one thread only. */
    Subscription subscribe(String topic, String group);

    /** For logs, without secrets: {@code kafka:localhost:9092}, {@code in-process}. */
    String describe();

    @Override
    void close();
}
