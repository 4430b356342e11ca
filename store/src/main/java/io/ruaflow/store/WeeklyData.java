package io.ruaflow.store;

import io.ruaflow.parser.PolicyPublished;
import java.util.List;

/**
 * Everything the weekly compliance report shows for one domain and ISO week ({@code week} like {@code 2026-W46}):
 * this week's and the previous week's summaries, the sources of this week by volume, the failing sources (DMARC
 * fails for some of their messages), the sources first seen in this week, the daily series for this week, and the
 * latest policy the domain published (null if none). Each list holds at most {@link SourceQuery#MAX_LIMIT} rows;
 * {@code sourceCount}, {@code failingSourceCount} and {@code newSourceCount} are the full counts.
 *
 * <p>Beside the aggregates, the rest of the mailbox for the same week: {@code tls} is what the domain's SMTP TLS
 * reports say ({@link Analytics#tls}), {@code failureReportSources} its failure reports by source IP
 * ({@link Analytics#failureSources}, at most {@link SourceQuery#MAX_LIMIT}), {@code failureReportSourceCount} how
 * many sources there were and {@code failureReports} how many reports. {@code tls} and {@code failureReportSources}
 * are null when the store keeps no such reports.
 */
public record WeeklyData(
        String domain,
        String week,
        DomainSummary thisWeek,
        DomainSummary previousWeek,
        List<SourceRow> sources,
        List<SourceRow> failingSources,
        List<SourceRow> newSources,
        long sourceCount,
        long failingSourceCount,
        long newSourceCount,
        List<DailyVolume> daily,
        PolicyPublished policy,
        TlsSummary tls,
        List<FailureSource> failureReportSources,
        long failureReportSourceCount,
        long failureReports) {

    public WeeklyData {
        sources = List.copyOf(sources);
        failingSources = List.copyOf(failingSources);
        newSources = List.copyOf(newSources);
        daily = List.copyOf(daily);
        failureReportSources = failureReportSources == null ? null : List.copyOf(failureReportSources);
    }

    /** The aggregates only, from a store that keeps no TLS or failure reports. */
    public WeeklyData(
            String domain,
            String week,
            DomainSummary thisWeek,
            DomainSummary previousWeek,
            List<SourceRow> sources,
            List<SourceRow> failingSources,
            List<SourceRow> newSources,
            long sourceCount,
            long failingSourceCount,
            long newSourceCount,
            List<DailyVolume> daily,
            PolicyPublished policy) {
        this(
                domain,
                week,
                thisWeek,
                previousWeek,
                sources,
                failingSources,
                newSources,
                sourceCount,
                failingSourceCount,
                newSourceCount,
                daily,
                policy,
                null,
                null,
                0,
                0);
    }
}
