package io.ruaflow.enricher;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A message on the records topic: one {@link EnrichedRecord} per report record, then one {@link ReportCompleted}
 * per report, or a {@link ReportRejected} when the report's input failed part-way; a report of another kind (SMTP
 * TLS, failure) is one {@link WholeReportMessage}. Serialized by
 * {@code io.ruaflow.ingest.RecordsCodec} as JSON with a {@code kind} and a {@code schema_version}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EnrichedRecord.class, name = "record"),
    @JsonSubTypes.Type(value = ReportCompleted.class, name = "report"),
    @JsonSubTypes.Type(value = ReportRejected.class, name = "rejected"),
    @JsonSubTypes.Type(value = WholeReportMessage.class, name = "whole")
})
public sealed interface RecordsMessage permits EnrichedRecord, ReportCompleted, ReportRejected, WholeReportMessage {
    /**
     * The version of the wire format this message was written with. 1: one record or report per message; 2 adds
     * batched records (see {@code io.ruaflow.ingest.RecordsCodec}); a reader of version 2 reads version 1 unchanged.
     * Kind {@code rejected} ({@link ReportRejected}) came later within version 2: a sink too old to know it
     * dead-letters it, which loses nothing (the report's records never count without a completion anyway). Kind
     * {@code whole} ({@link WholeReportMessage}) too: a sink too old to know it dead-letters it, to be replayed.
     */
    int CURRENT_SCHEMA_VERSION = 2;

    int schemaVersion();

    /** The uid of the report this message belongs to; the records topic is keyed by it. */
    String reportUid();
}
