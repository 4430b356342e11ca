package io.ruaflow.api.weekly;

import static io.ruaflow.api.internal.Html.escape;
import static io.ruaflow.api.weekly.WeeklyReportHtml.H2;
import static io.ruaflow.api.weekly.WeeklyReportHtml.TD;
import static io.ruaflow.api.weekly.WeeklyReportHtml.grouped;
import static io.ruaflow.api.weekly.WeeklyReportHtml.header;
import static io.ruaflow.api.weekly.WeeklyReportHtml.num;
import static io.ruaflow.api.weekly.WeeklyReportHtml.percent;
import static io.ruaflow.api.weekly.WeeklyReportHtml.text;

import io.ruaflow.api.weekly.WeeklyReport.FailureReportSection;
import io.ruaflow.api.weekly.WeeklyReport.MxFailures;
import io.ruaflow.api.weekly.WeeklyReport.TlsSection;
import io.ruaflow.store.FailureSource;
import io.ruaflow.store.TlsSummary;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The weekly HTML's sections on SMTP TLS reports and DMARC failure reports, in {@link WeeklyReportHtml}'s mail-safe
 * style (tables, inline styles). Every value taken from reports is escaped.
 */
final class MailboxHtml {
    private static final String P = "<p style=\"font-size:13px;\">";
    private static final String MUTED = "color:#5f6b7a;font-size:12px;";

    private MailboxHtml() {}

    static void tls(StringBuilder h, TlsSection tls) {
        h.append("<h2 id=\"tls\" style=\"").append(H2).append("\">SMTP TLS</h2>\n");
        if (tls.note() != null) {
            h.append(P).append(escape(tls.note())).append("</p>\n");
            return;
        }
        header(h, "Reports", "Successful", "Failed", "Failure rate");
        h.append("<tr>");
        num(h, tls.reports());
        num(h, tls.successfulSessions());
        num(h, tls.failedSessions());
        h.append("<td style=\"")
                .append(WeeklyReportHtml.NUM)
                .append("\">")
                .append(percent(tls.failureRate()))
                .append("</td></tr>\n</table>\n");

        h.append("<table style=\"")
                .append(WeeklyReportHtml.TABLE)
                .append("\">\n<tr><th style=\"")
                .append(WeeklyReportHtml.TH)
                .append("\">Sessions</th>");
        for (TlsSummary.Day day : tls.days()) {
            h.append("<th style=\"")
                    .append(WeeklyReportHtml.TH_NUM)
                    .append("\">")
                    .append(day.day()
                            .getDayOfWeek()
                            .getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ROOT))
                    .append(' ')
                    .append(day.day().getDayOfMonth())
                    .append("</th>");
        }
        h.append("</tr>\n<tr>");
        text(h, "Successful");
        tls.days().forEach(d -> num(h, d.successfulSessions()));
        h.append("</tr>\n<tr>");
        text(h, "Failed");
        tls.days().forEach(d -> num(h, d.failedSessions()));
        h.append("</tr>\n</table>\n");

        if (tls.failuresByReceivingMx().isEmpty()) {
            h.append(P).append("No failed TLS sessions this week.</p>\n");
        } else {
            h.append("<h3 style=\"font-size:14px;margin:12px 0 6px 0;\">Top failure reasons per receiving MX")
                    .append(WeeklyReportHtml.counted(tls.failuresByReceivingMxCut()))
                    .append("</h3>\n");
            header(h, "Receiving MX", "Failed sessions", "Reasons");
            for (MxFailures mx : tls.failuresByReceivingMx()) {
                h.append("<tr>");
                text(h, mx.receivingMx().isEmpty() ? "(not named by the reporter)" : mx.receivingMx());
                num(h, mx.failedSessions());
                text(
                        h,
                        mx.reasons().stream()
                                .map(r -> r.resultType() + " (" + grouped(r.failedSessions()) + ")")
                                .collect(Collectors.joining(", ")));
                h.append("</tr>\n");
            }
            h.append("</table>\n");
            WeeklyReportHtml.more(h, tls.failuresByReceivingMxCut(), "receiving MX hosts", "MX");
        }
        header(h, "TLS reporter", "Reports", "Successful", "Failed");
        for (TlsSummary.Reporter r : tls.reporters()) {
            h.append("<tr>");
            text(h, r.organization());
            num(h, r.reports());
            num(h, r.successfulSessions());
            num(h, r.failedSessions());
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static void failureReports(StringBuilder h, FailureReportSection failures) {
        h.append("<h2 id=\"failure-reports\" style=\"")
                .append(H2)
                .append("\">DMARC failure reports")
                .append(WeeklyReportHtml.counted(failures.bySourceCut()))
                .append("</h2>\n");
        if (failures.note() != null) {
            h.append(P).append(escape(failures.note())).append("</p>\n");
            return;
        }
        h.append(P)
                .append(escape(Words.count(failures.reports(), "failure report")))
                .append(" from ")
                .append(escape(Words.count(failures.bySourceCut().total(), "source")))
                .append(" this week.</p>\n");
        header(h, "Source", "Reports", "Class", "Samples (From · Subject)");
        for (FailureSource s : failures.bySource()) {
            h.append("<tr>");
            WeeklyReportHtml.sourceCell(
                    h, s.sourceIp() == null ? "(no source IP)" : s.sourceIp(), s.ptrName(), s.service());
            num(h, s.failures());
            text(h, s.classification());
            h.append("<td style=\"").append(TD).append("\">");
            samples(h, "From", s.fromSamples());
            samples(h, "Subject", s.subjectSamples());
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
        WeeklyReportHtml.more(h, failures.bySourceCut(), "sources of failure reports", "source");
    }

    private static void samples(StringBuilder h, String label, List<String> samples) {
        if (samples.isEmpty()) {
            return;
        }
        h.append("<div><span style=\"")
                .append(MUTED)
                .append("\">")
                .append(label)
                .append(":</span> ");
        h.append(samples.stream().map(v -> escape(v)).collect(Collectors.joining(" · ")));
        h.append("</div>");
    }
}
