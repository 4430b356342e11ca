package io.ruaflow.parser;

import java.util.List;

/**
 * One {@code <record>} of an aggregate report: a source IP and what the receiver concluded about its mail. Result
 * words are normalized to lower case. {@code envelopeTo} and {@code envelopeFrom} may be null (or empty for a null
 * reverse path); lists are never null.
 */
public record ReportRecord(
        String sourceIp,
        long count,
        String disposition,
        String dkim,
        String spf,
        List<OverrideReason> reasons,
        String envelopeTo,
        String envelopeFrom,
        String headerFrom,
        List<DkimAuthResult> dkimResults,
        List<SpfAuthResult> spfResults) {

    public ReportRecord {
        reasons = List.copyOf(reasons);
        dkimResults = List.copyOf(dkimResults);
        spfResults = List.copyOf(spfResults);
    }
}
