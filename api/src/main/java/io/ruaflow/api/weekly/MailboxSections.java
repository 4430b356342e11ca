package io.ruaflow.api.weekly;

import io.ruaflow.api.weekly.WeeklyReport.FailureReportSection;
import io.ruaflow.api.weekly.WeeklyReport.ListCut;
import io.ruaflow.api.weekly.WeeklyReport.MxFailures;
import io.ruaflow.api.weekly.WeeklyReport.TlsSection;
import io.ruaflow.store.FailureSource;
import io.ruaflow.store.TlsSummary;
import io.ruaflow.store.WeeklyData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weekly report's sections on the rest of the mailbox: SMTP TLS reports and DMARC failure reports. A section
 * with nothing to show carries one line saying so and how to get such reports.
 */
final class MailboxSections {
    private MailboxSections() {}

    static TlsSection tls(WeeklyData data, IsoWeek week) {
        TlsSummary tls = data.tls();
        String list = "/api/domains/" + data.domain() + "/tls?from=" + week.monday() + "&to=" + week.sunday();
        if (tls == null) {
            return new TlsSection(
                    0,
                    0,
                    0,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    new ListCut(0, 0, 0, list, null),
                    List.of(),
                    "This store keeps no SMTP TLS reports.");
        }
        long reports =
                tls.reporters().stream().mapToLong(TlsSummary.Reporter::reports).sum();
        long sessions = tls.successfulSessions() + tls.failedSessions();
        // The store lists (MX, result type) pairs, most failed sessions first; one line per MX keeps that order.
        Map<String, List<TlsSummary.ResultType>> reasons = new LinkedHashMap<>();
        Map<String, Long> failed = new LinkedHashMap<>();
        for (TlsSummary.ReceivingMx mx : tls.byReceivingMx()) {
            reasons.computeIfAbsent(mx.receivingMx(), k -> new ArrayList<>())
                    .add(new TlsSummary.ResultType(mx.resultType(), mx.failedSessions()));
            failed.merge(mx.receivingMx(), mx.failedSessions(), Long::sum);
        }
        List<MxFailures> byMx = failed.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(WeeklyReport.MAX_TLS_MX)
                .map(e -> new MxFailures(
                        e.getKey(),
                        e.getValue(),
                        reasons.get(e.getKey()).stream()
                                .limit(WeeklyReport.MAX_TLS_REASONS_PER_MX)
                                .toList()))
                .toList();
        String note = reports == 0 && sessions == 0
                ? "No SMTP TLS reports for " + data.domain() + " this week. To receive them, publish a TLS-RPT"
                        + " record that sends them to the mailbox ruaflow reads: _smtp._tls." + data.domain()
                        + ". IN TXT \"v=TLSRPTv1; rua=mailto:ADDRESS\"."
                : null;
        return new TlsSection(
                reports,
                tls.successfulSessions(),
                tls.failedSessions(),
                sessions == 0 ? null : tls.failureRate(),
                tls.days(),
                tls.byResultType(),
                byMx,
                new ListCut(failed.size(), byMx.size(), failed.size() - byMx.size(), list, null),
                tls.reporters().stream().limit(WeeklyReport.MAX_TLS_REPORTERS).toList(),
                note);
    }

    static FailureReportSection failureReports(WeeklyData data, IsoWeek week) {
        String list = "/api/domains/" + data.domain() + "/failures?group=source&from=" + week.monday() + "&to="
                + week.sunday();
        List<FailureSource> all = data.failureReportSources();
        if (all == null) {
            return new FailureReportSection(
                    0, List.of(), new ListCut(0, 0, 0, list, null), "This store keeps no DMARC failure reports.");
        }
        List<FailureSource> shown =
                all.stream().limit(WeeklyReport.MAX_FAILURE_REPORT_SOURCES).toList();
        long total = Math.max(data.failureReportSourceCount(), all.size());
        String note = data.failureReports() == 0
                ? "No DMARC failure reports for " + data.domain() + " this week. To receive them, add"
                        + " ruf=mailto:ADDRESS (the mailbox ruaflow reads) to the _dmarc." + data.domain()
                        + " record; few receivers send them."
                : null;
        return new FailureReportSection(
                data.failureReports(), shown, new ListCut(total, shown.size(), total - shown.size(), list, null), note);
    }
}
