package io.ruaflow.enricher;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ruaflow.parser.WholeReport;

/**
 * A whole report of a kind other than aggregate (an SMTP TLS report, a failure report) as one records-topic
 * message: it is its own completion, so it counts whole or not at all, and the store keys it by its uid.
 */
public record WholeReportMessage(int schemaVersion, WholeReport report) implements RecordsMessage {

    public static WholeReportMessage of(WholeReport report) {
        return new WholeReportMessage(CURRENT_SCHEMA_VERSION, report);
    }

    @Override
    @JsonIgnore
    public String reportUid() {
        return report.reportUid();
    }
}
