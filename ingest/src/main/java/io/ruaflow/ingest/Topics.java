package io.ruaflow.ingest;

import java.util.Objects;

/** The names of the three topics; configurable so that several pipelines can share one Kafka cluster. */
public record Topics(String raw, String records, String dlq) {
    public static final Topics DEFAULT = new Topics("ruaflow.raw", "ruaflow.records", "ruaflow.dlq");

    public Topics {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(dlq, "dlq");
    }
}
