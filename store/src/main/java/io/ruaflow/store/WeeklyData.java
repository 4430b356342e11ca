package io.ruaflow.store;

import io.ruaflow.parser.PolicyPublished;
import java.util.List;

/**
 * Everything the weekly compliance report shows for one domain and ISO week ({@code week} like {@code 2026-W46}):
 * this week's and the previous week's summaries, every source of this week by volume, the sources first seen in
 * this week, the daily series for this week, and the latest policy the domain published (null if none).
 */
public record WeeklyData(
        String domain,
        String week,
        DomainSummary thisWeek,
        DomainSummary previousWeek,
        List<SourceRow> sources,
        List<SourceRow> newSources,
        List<DailyVolume> daily,
        PolicyPublished policy) {

    public WeeklyData {
        sources = List.copyOf(sources);
        newSources = List.copyOf(newSources);
        daily = List.copyOf(daily);
    }
}
