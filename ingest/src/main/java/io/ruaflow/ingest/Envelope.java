package io.ruaflow.ingest;

import java.util.Map;
import java.util.Objects;

/**
 * One message on a topic: a key (the raw sha256 on the raw topic, the report uid on the records topic), the value
 * bytes and string headers (source metadata, DLQ reason). Headers are never null.
 */
public record Envelope(String key, byte[] value, Map<String, String> headers) {
    public Envelope {
        Objects.requireNonNull(value, "value");
        headers = Map.copyOf(headers);
    }

    public static Envelope of(String key, byte[] value) {
        return new Envelope(key, value, Map.of());
    }

    /** The header's value, or null when absent. */
    public String header(String name) {
        return headers.get(name);
    }
}
