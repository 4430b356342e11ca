package io.ruaflow.ingest;

import java.util.Map;
import java.util.Objects;

/**
 * One message on a topic: a key (the raw sha256 on the raw topic, the report uid on the records topic), the value
 * bytes and string headers (source metadata, DLQ reason). Headers are never null. Inside one JVM a message may
 * carry its decoded {@code payload} instead of bytes (then {@code value} is empty), so that no stage encodes what
 * the next one decodes again; only a transport that {@linkplain Transport#carriesObjects() carries objects} takes
 * such a message.
 */
public record Envelope(String key, byte[] value, Map<String, String> headers, Object payload) {
    public Envelope {
        Objects.requireNonNull(value, "value");
        headers = Map.copyOf(headers);
    }

    public Envelope(String key, byte[] value, Map<String, String> headers) {
        this(key, value, headers, null);
    }

    /** A message holding {@code payload} itself, for a transport that carries objects. */
    public static Envelope ofPayload(String key, Object payload, Map<String, String> headers) {
        return new Envelope(key, new byte[0], headers, Objects.requireNonNull(payload, "payload"));
    }

    public static Envelope of(String key, byte[] value) {
        return new Envelope(key, value, Map.of());
    }

    /** The header's value, or null when absent. */
    public String header(String name) {
        return headers.get(name);
    }
}
