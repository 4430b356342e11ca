package io.ruaflow.store;

import io.ruaflow.parser.PolicyPublished;
import java.util.List;

/**
 * Everything the weekly compliance report shows for one domain and ISO week ({@code week} like {@code 2026-W46}):
 * this week's and the previous week's summaries, the sources of this week by volume, the failing sources (DMARC
 * fails for some of their messages), the sources first seen in this week, the daily series for this week, and the
 * latest policy the domain published (null if none). Each list holds at most {@link SourceQuery#MAX_LIMIT} rows;
 * {@code sourceCount}, {@code failingSourceCount} and {@code newSourceCount} are the full counts.
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
        PolicyPublished policy) {

    public WeeklyData {
        sources = List.copyOf(sources);
        failingSources = List.copyOf(failingSources);
        newSources = List.copyOf(newSources);
        daily = List.copyOf(daily);
    }
}
