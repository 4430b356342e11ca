package io.ruaflow.ingest;

/** The header names the stages put on messages; the one place that spells them. */
public final class Headers {
    /** Where a raw input came from: {@code imap://host/INBOX uid 42 (uidvalidity 7)}, a file path. */
    public static final String SOURCE = "ruaflow.source";
    /** The kind of source: imap, dir, maildir, mbox, upload. */
    public static final String SOURCE_KIND = "ruaflow.source.kind";
    /** Epoch milliseconds when the ingest read the input; carried to the records topic for end-to-end latency. */
    public static final String INGESTED_AT_MS = "ruaflow.ingested.at.ms";
    /** Lower-case hex sha256 of the raw bytes. */
    public static final String SHA256 = "ruaflow.sha256";
    /** Why a dead letter was rejected, fit to show an operator. */
    public static final String DLQ_REASON = "ruaflow.dlq.reason";
    /** Which stage rejected it: process, sink. */
    public static final String DLQ_STAGE = "ruaflow.dlq.stage";
    /** The exception class behind a dead letter. */
    public static final String DLQ_EXCEPTION = "ruaflow.dlq.exception";
    /** Topic, partition and offset the dead letter was read from. */
    public static final String DLQ_ORIGIN = "ruaflow.dlq.origin";

    private Headers() {}
}
