package io.ruaflow.enricher;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ruaflow.parser.ReportHeader;
import java.util.List;

/** Sent after the last record of a report: its totals and the parser's warnings. */
public record ReportCompleted(
        int schemaVersion, ReportHeader report, long recordCount, long messageCount, List<String> warnings)
        implements RecordsMessage {

    public ReportCompleted {
        warnings = List.copyOf(warnings);
    }

    public static ReportCompleted of(ReportHeader report, long recordCount, long messageCount, List<String> warnings) {
        return new ReportCompleted(CURRENT_SCHEMA_VERSION, report, recordCount, messageCount, warnings);
    }

    @Override
    @JsonIgnore
    public String reportUid() {
        return report.reportUid();
    }
}
