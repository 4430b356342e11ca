package io.ruaflow.store.internal;

import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.ReportKind;
import io.ruaflow.parser.WholeReport;
import java.util.List;

/** DMARC failure reports as rows of {@link Schema#FAILURE_REPORTS}: one row per report, its own completion. */
final class FailureRows implements KindRows {
    @Override
    public ReportKind kind() {
        return ReportKind.FAILURE;
    }

    @Override
    public List<Schema.Table> tables() {
        return Schema.FAILURE_TABLES;
    }

    @Override
    public List<List<Object[]>> rows(WholeReport report, long writtenAtMs) {
        return List.of(List.<Object[]>of(SqlFailures.row((FailureReport) report, writtenAtMs)));
    }
}
