package io.ruaflow.store;

import java.time.Instant;
import java.util.List;

/** One ingested report as stored: identity, period, totals, source and the parser's warnings. */
public record ReportInfo(
        String reportUid,
        String orgName,
        String orgEmail,
        String reportId,
        String policyDomain,
        Instant begin,
        Instant end,
        String schema,
        long records,
        long messages,
        List<String> warnings,
        String sourceFile,
        String sha256) {

    public ReportInfo {
        warnings = List.copyOf(warnings);
    }
}
