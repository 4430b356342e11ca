package io.ruaflow.api.weekly;

import io.ruaflow.api.weekly.WeeklyReport.FailingSource;
import io.ruaflow.api.weekly.WeeklyReport.Rates;
import io.ruaflow.api.weekly.WeeklyReport.Readiness;
import io.ruaflow.api.weekly.WeeklyReport.Source;
import io.ruaflow.api.weekly.WeeklyReport.Volume;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.SourceGroup;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.WeeklyData;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

final class WeeklyReportBuilder {
    private WeeklyReportBuilder() {}

    static WeeklyReport build(WeeklyData data, DomainPosture posture, SourceAdvisor.SpfBudget budget) {
        IsoWeek week = IsoWeek.parse(data.week());
        DomainSummary now = data.thisWeek();
        DomainSummary before = data.previousWeek();
        long previousMessages = before == null ? 0 : before.messages();
        List<Source> top = data.sources().stream()
                .limit(WeeklyReport.TOP_SOURCES)
                .map(WeeklyReportBuilder::source)
                .toList();
        List<SourceRow> failingRows = data.failingSources().stream()
                .sorted(Comparator.comparingLong(SourceRow::dmarcFail)
                        .reversed()
                        .thenComparing(SourceRow::sourceIp))
                .limit(WeeklyReport.MAX_FAILING_SOURCES)
                .toList();
        List<FailingSource> failing =
                failingRows.stream().map(row -> failing(row, data.domain())).toList();
        List<SourceAdvisor.Advice> advice = failingRows.stream()
                .map(row -> advise(row, data.domain(), budget))
                .toList();
        Readiness readiness = ReadinessAssessment.assess(data);
        String record = NextRecord.of(data.domain(), readiness, posture);
        if (record != null) {
            readiness = readiness.withNextRecord(record);
        }
        String list = "/api/domains/" + data.domain() + "/sources?from=" + week.monday() + "&to=" + week.sunday();
        // Failing sources by network, largest failing volume first: one botnet or provider is one line.
        List<SourceGroup> networks = SourceGroup.group(data.failingSources(), SourceGroup.By.NET).stream()
                .sorted(Comparator.comparingLong(SourceGroup::dmarcFail)
                        .reversed()
                        .thenComparing(SourceGroup::key))
                .toList();
        List<Source> fresh = data.newSources().stream()
                .limit(WeeklyReport.MAX_NEW_SOURCES)
                .map(WeeklyReportBuilder::source)
                .toList();
        return new WeeklyReport(
                data.domain(),
                week.toString(),
                week.monday(),
                week.sunday(),
                new Volume(
                        now.messages(),
                        now.reports(),
                        previousMessages,
                        now.messages() - previousMessages,
                        Words.changePercent(now.messages(), previousMessages),
                        Words.change(now.messages(), previousMessages)),
                rates(now),
                before == null ? new Rates(null, null, null) : rates(before),
                now.dispositions() == null ? Map.of() : now.dispositions(),
                data.policy(),
                top,
                cut(data.sourceCount(), top.size(), list),
                failing,
                cut(data.failingSourceCount(), failing.size(), list + "&failing=true"),
                networks.subList(0, Math.min(networks.size(), WeeklyReport.MAX_FAILING_NETWORKS)),
                cut(
                        networks.size(),
                        Math.min(networks.size(), WeeklyReport.MAX_FAILING_NETWORKS),
                        list + "&failing=true&group=net"),
                fresh,
                cut(data.newSourceCount(), fresh.size(), list + "&new=true"),
                now.reporters(),
                data.daily(),
                readiness,
                advice,
                posture,
                MailboxSections.tls(data, week),
                MailboxSections.failureReports(data, week));
    }

    /** The advice for one source row of {@code domain}; {@code budget} may be null. */
    static SourceAdvisor.Advice advise(SourceRow row, String domain, SourceAdvisor.SpfBudget budget) {
        return SourceAdvisor.advise(
                new SourceAdvisor.Facts(
                        domain,
                        row.sourceIp(),
                        row.ptrName(),
                        row.service(),
                        row.classification(),
                        row.freshSpfResult(),
                        row.messages(),
                        row.dmarcFail(),
                        row.spfAligned(),
                        row.dkimAligned()),
                budget);
    }

    static Rates rates(DomainSummary summary) {
        return new Rates(
                rate(summary.dmarcPass(), summary.messages()),
                rate(summary.spfAligned(), summary.messages()),
                rate(summary.dkimAligned(), summary.messages()));
    }

    static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    /** A list of {@code shown} of {@code total} rows, with the URL of the full list (JSON and CSV). */
    private static WeeklyReport.ListCut cut(long total, int shown, String list) {
        long all = Math.max(total, shown);
        String full = list + "&limit=" + Math.max(1, Math.min(all, SourceQuery.MAX_LIMIT));
        return new WeeklyReport.ListCut(all, shown, all - shown, full, full + "&format=csv");
    }

    private static Source source(SourceRow row) {
        return new Source(
                row.sourceIp(),
                row.ptrName(),
                row.service(),
                row.messages(),
                row.dmarcPass(),
                row.dmarcFail(),
                row.classification(),
                row.freshSpfResult(),
                row.firstSeen());
    }

    private static FailingSource failing(SourceRow row, String domain) {
        return new FailingSource(
                row.sourceIp(),
                row.ptrName(),
                row.service(),
                row.messages(),
                row.dmarcFail(),
                row.classification(),
                row.freshSpfResult(),
                FailureReasons.explain(row, domain),
                FailureReasons.details(row));
    }
}
