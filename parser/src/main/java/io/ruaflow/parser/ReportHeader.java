package io.ruaflow.parser;

import java.time.Instant;
import java.util.List;

/**
 * Everything a report says before and around its records. {@code reportUid} is stable across re-deliveries of
 * the same report: see {@link ReportUid}. {@code orgName} falls back to the domain of {@code orgEmail} when the
 * reporter left it empty. Optional text fields may be null; lists are never null.
 */
public record ReportHeader(
        String reportUid,
        String orgName,
        String orgEmail,
        String extraContactInfo,
        String reportId,
        Instant begin,
        Instant end,
        List<String> errors,
        String generator,
        ReportSchema schema,
        PolicyPublished policyPublished,
        ReportSource source) {

    public ReportHeader {
        errors = List.copyOf(errors);
    }
}
