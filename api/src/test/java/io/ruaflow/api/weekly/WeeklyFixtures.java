package io.ruaflow.api.weekly;

import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.ReporterVolume;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.WeeklyData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built weekly data for 2026-W46 (2026-11-09..15) of example.com. */
final class WeeklyFixtures {
    static final String WEEK = "2026-W46";
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 9);

    private WeeklyFixtures() {}

    static SourceRow source(String ip, long pass, long fail, String classification, String freshSpf) {
        return new SourceRow(
                ip,
                "mail." + ip.replace('.', '-') + ".example.net",
                true,
                "example.net",
                null,
                pass + fail,
                pass,
                fail,
                pass,
                pass / 2,
                0,
                0,
                freshSpf,
                null,
                List.of(),
                classification,
                LocalDate.parse("2026-11-10"));
    }

    static DomainSummary summary(LocalDate monday, long messages, long pass) {
        return new DomainSummary(
                "example.com",
                new DateRange(monday, monday.plusDays(6)),
                12,
                messages,
                pass,
                messages - pass,
                pass,
                pass / 2,
                Map.of("none", messages),
                List.of(new ReporterVolume("google.com", 7, messages * 2 / 3), new ReporterVolume("Yahoo", 5, 0)));
    }

    static PolicyPublished policy(String p, Integer pct) {
        return new PolicyPublished("example.com", p, null, null, "r", "r", pct, "0", null, null);
    }

    /** Sums the sources into this week's summary; last week has {@code previousMessages} at {@code previousPass}. */
    static WeeklyData data(List<SourceRow> sources, long previousMessages, long previousPass, PolicyPublished policy) {
        long messages = sources.stream().mapToLong(SourceRow::messages).sum();
        long pass = sources.stream().mapToLong(SourceRow::dmarcPass).sum();
        List<DailyVolume> daily = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long dayPass = pass / 7 + (i == 0 ? pass % 7 : 0);
            long dayFail = (messages - pass) / 7 + (i == 0 ? (messages - pass) % 7 : 0);
            daily.add(new DailyVolume(MONDAY.plusDays(i), dayPass + dayFail, dayPass, dayFail, dayPass, dayPass));
        }
        return new WeeklyData(
                "example.com",
                WEEK,
                summary(MONDAY, messages, pass),
                summary(MONDAY.minusDays(7), previousMessages, previousPass),
                sources,
                sources.stream().filter(s -> s.dmarcFail() > 0).toList(),
                sources.isEmpty() ? List.of() : List.of(sources.get(sources.size() - 1)),
                sources.size(),
                sources.stream().filter(s -> s.dmarcFail() > 0).count(),
                sources.isEmpty() ? 0 : 1,
                daily,
                policy);
    }
}
