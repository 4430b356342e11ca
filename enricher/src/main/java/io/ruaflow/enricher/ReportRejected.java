package io.ruaflow.enricher;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ruaflow.parser.ReportHeader;

/**
 * Sent instead of a {@link ReportCompleted} when a report's input failed after some of its records were sent (a
 * truncated gzip, a broken tag after 5,000 good records): those records never count, and the store lists the
 * report as rejected with {@code reason} until an intact copy completes it.
 *
 * @param recordsBefore how many records of the report were read before the failure
 */
public record ReportRejected(int schemaVersion, ReportHeader report, long recordsBefore, String reason)
        implements RecordsMessage {

    public static ReportRejected of(ReportHeader report, long recordsBefore, String reason) {
        return new ReportRejected(CURRENT_SCHEMA_VERSION, report, recordsBefore, reason);
    }

    @Override
    @JsonIgnore
    public String reportUid() {
        return report.reportUid();
    }
}
