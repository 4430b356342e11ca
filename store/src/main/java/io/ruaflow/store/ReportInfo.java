package io.ruaflow.store;

import java.time.Instant;
import java.util.List;

/**
 * One ingested report as stored: identity, period, totals, source and the parser's warnings. {@code status} is
 * {@value #COMPLETE}, or {@value #REJECTED} for a report whose input failed part-way: then {@code rejection} says
 * why, {@code records} is how many were read before the failure, {@code messages} is 0 (none of them count) and
 * the warnings are empty.
 */
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
        String sha256,
        String status,
        String rejection) {

    public static final String COMPLETE = "complete";
    public static final String REJECTED = "rejected";

    public ReportInfo {
        warnings = List.copyOf(warnings);
    }
}
