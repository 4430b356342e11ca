package io.ruaflow.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends input a stage cannot use to the DLQ topic: the original bytes and headers, plus why, which stage, the
 * exception class and where it was read from. Counts each in {@code ruaflow.dlq.messages} (tag {@code stage}).
 */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** Longest reason kept in a header; longer ones are cut (the full text is in the log). */
    public static final int MAX_REASON_CHARS = 2_000;

    private final Transport transport;
    private final String topic;
    private final MeterRegistry meters;

    public DeadLetters(Transport transport, String topic, MeterRegistry meters) {
        this.transport = transport;
        this.topic = topic;
        this.meters = meters;
    }

    /** Publishes the dead letter; the future completes when it is durable. */
    public CompletableFuture<Void> send(Delivery original, String stage, String reason, Throwable cause) {
        return send(original, original.envelope().value(), stage, reason, cause);
    }

    /**
     * Publishes the dead letter holding {@code value}: the original's bytes, or the encoding of a message that was
     * handed over as objects. The future completes when it is durable.
     */
    public CompletableFuture<Void> send(Delivery original, byte[] value, String stage, String reason, Throwable cause) {
        Map<String, String> headers = new HashMap<>(original.envelope().headers());
        headers.put(
                Headers.DLQ_REASON,
                reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason);
        headers.put(Headers.DLQ_STAGE, stage);
        headers.put(Headers.DLQ_ORIGIN, original.topic() + "/" + original.partition() + "@" + original.offset());
        if (cause != null) {
            headers.put(Headers.DLQ_EXCEPTION, cause.getClass().getName());
        }
        meters.counter("ruaflow.dlq.messages", "stage", stage).increment();
        LOG.warn(
                "dead letter from {} ({}): {}; sent to {}",
                original.envelope()
                        .headers()
                        .getOrDefault(Headers.SOURCE, original.envelope().key()),
                stage,
                reason,
                topic);
        return transport.publish(topic, new Envelope(original.envelope().key(), value, headers));
    }
}
