package io.ruaflow.parser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMTP TLS report (RFC 8460): who reports ({@code organization-name}, {@code contact-info}), which report
 * ({@code report-id}) and period, and per policy the sessions that succeeded and failed, with every failure detail.
 * Normalized by the lenient reader: text trimmed, domains lower-cased, {@code mx-host} always a list. Optional text
 * fields may be null; lists are never null; a report may hold no policy at all (some reporters send that).
 *
 * @param reportUid {@link ReportUid} of organization, report id and the {@link #UID_SCOPE}, so that a TLS report
 *     never shares a uid with an aggregate one
 */
public record TlsReport(
        String reportUid,
        String organizationName,
        String contactInfo,
        String reportId,
        Instant begin,
        Instant end,
        List<TlsPolicy> policies,
        List<String> warnings,
        ReportSource source)
        implements WholeReport {

    /** Stands in for the policy domain in {@link ReportUid#of} (one report may cover several domains). */
    public static final String UID_SCOPE = "@smtp-tls";

    public TlsReport {
        policies = List.copyOf(policies);
        warnings = List.copyOf(warnings);
    }

    /** The uid of the report {@code organizationName} sent as {@code reportId}. */
    public static String uidOf(String organizationName, String reportId) {
        return ReportUid.of(organizationName, reportId, UID_SCOPE);
    }

    @Override
    public ReportKind kind() {
        return ReportKind.SMTP_TLS;
    }

    @Override
    public TlsReport withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(warnings);
        all.addAll(more);
        return new TlsReport(reportUid, organizationName, contactInfo, reportId, begin, end, policies, all, source);
    }

    /** A copy read from {@code source}. */
    public TlsReport withSource(ReportSource source) {
        return new TlsReport(
                reportUid, organizationName, contactInfo, reportId, begin, end, policies, warnings, source);
    }

    /** Sessions that negotiated TLS as the policies require, over all policies. */
    public long successfulSessions() {
        return policies.stream().mapToLong(TlsPolicy::successfulSessions).sum();
    }

    /** Sessions that failed, over all policies. */
    public long failedSessions() {
        return policies.stream().mapToLong(TlsPolicy::failedSessions).sum();
    }

    /** The policy domains, in report order, each once. */
    public List<String> domains() {
        return policies.stream().map(TlsPolicy::policyDomain).distinct().toList();
    }

    @Override
    public String describe() {
        return kind().description() + " " + reportId + " from " + organizationName + " for "
                + (policies.isEmpty() ? "no policy" : String.join(", ", domains()));
    }
}
