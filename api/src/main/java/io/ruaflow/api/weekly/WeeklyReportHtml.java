package io.ruaflow.api.weekly;

import static io.ruaflow.api.internal.Html.escape;

import io.ruaflow.api.weekly.WeeklyReport.FailingSource;
import io.ruaflow.api.weekly.WeeklyReport.Readiness;
import io.ruaflow.api.weekly.WeeklyReport.Source;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.Finding;
import io.ruaflow.store.ReporterVolume;
import io.ruaflow.store.SourceGroup;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The weekly report as one self-contained HTML page for a mail client: tables, inline styles only, no scripts and
 * no external resources; the daily chart is inline SVG. Every value taken from reports is escaped.
 */
final class WeeklyReportHtml {
    private static final String FONT = "font-family:Helvetica,Arial,sans-serif;";
    static final String TABLE = "border-collapse:collapse;width:100%;margin:0 0 18px 0;font-size:13px;";
    static final String TH =
            "text-align:left;padding:6px 8px;border-bottom:2px solid #c8ccd2;background:#f3f4f6;color:#333;";
    static final String TD = "padding:5px 8px;border-bottom:1px solid #e3e5e8;vertical-align:top;";
    static final String NUM = TD + "text-align:right;white-space:nowrap;";
    static final String TH_NUM = TH.replace("text-align:left;", "text-align:right;");
    static final java.util.Set<String> NUMERIC_TITLES = java.util.Set.of(
            "Messages",
            "Pass",
            "Fail",
            "Failing",
            "Reports",
            "Sources",
            "This week",
            "Last week",
            "Successful",
            "Failed",
            "Failed sessions",
            "Failure rate");
    static final String H2 = "font-size:16px;margin:22px 0 8px 0;color:#1f2933;";
    static final String CODE = "font-family:Menlo,Consolas,monospace;font-size:12px;background:#f6f8fa;"
            + "border:1px solid #e3e5e8;padding:4px 6px;margin:4px 0 0 0;word-break:break-all;";
    static final String PASS_COLOR = "#2e9d5b";
    static final String FAIL_COLOR = "#d64545";

    private WeeklyReportHtml() {}

    static String render(WeeklyReport r) {
        return render(r, null);
    }

    /**
     * The page; with {@code chartCid} (a mail's Content-ID for {@link WeeklyChart#png}) Outlook is shown that image
     * instead of the inline SVG it cannot draw, through conditional comments every other client ignores.
     */
    static String render(WeeklyReport r, String chartCid) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>DMARC weekly report ")
                .append(escape(r.domain()))
                .append(' ')
                .append(escape(r.week()))
                .append("</title></head>\n<body style=\"margin:0;padding:0;background:#eef0f3;")
                .append(FONT)
                .append("\">\n<table role=\"presentation\" style=\"width:100%;background:#eef0f3;\"><tr><td>")
                .append("<table role=\"presentation\" style=\"max-width:760px;width:100%;margin:0 auto;")
                .append("background:#ffffff;border:1px solid #d9dce1;\"><tr><td style=\"padding:20px 24px;")
                .append(FONT)
                .append("color:#1f2933;\">\n");
        h.append("<h1 style=\"font-size:20px;margin:0 0 4px 0;\">DMARC weekly report: ")
                .append(escape(r.domain()))
                .append("</h1>\n<p style=\"margin:0 0 16px 0;color:#5f6b7a;font-size:13px;\">Week ")
                .append(escape(r.week()))
                .append(" (")
                .append(r.from())
                .append(" to ")
                .append(r.to())
                .append(", UTC)</p>\n");
        verdict(h, r.readiness());
        overview(h, r);
        h.append("<h2 style=\"").append(H2).append("\">Daily volume</h2>\n");
        if (chartCid == null) {
            h.append(WeeklyChart.svg(r.daily()));
        } else {
            // Outlook (Word's renderer, "mso") draws no SVG: it gets the PNG attached as chartCid; others the SVG.
            h.append("<!--[if mso]><img src=\"cid:")
                    .append(escape(chartCid))
                    .append("\" width=\"")
                    .append(WeeklyChart.WIDTH)
                    .append("\" height=\"")
                    .append(WeeklyChart.HEIGHT)
                    .append("\" alt=\"Daily DMARC pass and fail volume\" style=\"display:block;border:0;\">")
                    .append("<![endif]-->\n<!--[if !mso]><!-->\n")
                    .append(WeeklyChart.svg(r.daily()))
                    .append("<!--<![endif]-->\n");
        }
        failingNetworks(h, r);
        failing(h, r.failingSources(), r.failingSourcesCut());
        advice(h, r.advice());
        posture(h, r.posture());
        MailboxHtml.tls(h, r.tls());
        MailboxHtml.failureReports(h, r.failureReports());
        sources(h, "Top sources", r.topSources(), r.topSourcesCut(), "No mail was reported this week.");
        sources(h, "Sources seen for the first time", r.newSources(), r.newSourcesCut(), "No new sources this week.");
        dispositions(h, r.dispositions());
        reporters(h, r.reporters());
        policy(h, r.policy());
        h.append("<p style=\"margin:18px 0 0 0;color:#8a94a3;font-size:11px;\">Generated by ruaflow from DMARC")
                .append(
                        " aggregate, SMTP TLS and failure reports. Rates are shares of message volume; SPF results marked fresh were")
                .append(" checked against DNS after the reports arrived.</p>\n");
        h.append("</td></tr></table></td></tr></table>\n</body></html>\n");
        return h.toString();
    }

    private static void verdict(StringBuilder h, Readiness readiness) {
        String color =
                switch (readiness.verdict()) {
                    case READY -> "#e6f4ea;border-left:4px solid " + PASS_COLOR;
                    case AT_STRICTEST -> "#e8f0fb;border-left:4px solid #3b6fb6";
                    case NOT_READY -> "#fdecea;border-left:4px solid " + FAIL_COLOR;
                    case INSUFFICIENT_DATA -> "#fff6e0;border-left:4px solid #d99a00";
                };
        h.append("<div style=\"background:")
                .append(color)
                .append(";padding:10px 14px;margin:0 0 16px 0;\">")
                .append("<div style=\"font-weight:bold;font-size:14px;margin:0 0 4px 0;\">Policy readiness: ")
                .append(escape(readiness.summary()))
                .append("</div>");
        // A single reason is already in the summary line.
        if (readiness.reasons().size() > 1
                || (readiness.reasons().size() == 1
                        && !readiness.summary().endsWith(readiness.reasons().get(0)))) {
            h.append("<ul style=\"margin:4px 0 0 18px;padding:0;font-size:13px;\">");
            for (String reason : readiness.reasons()) {
                h.append("<li>").append(escape(reason)).append("</li>");
            }
            h.append("</ul>");
        }
        if (readiness.nextRecord() != null) {
            h.append("<div style=\"font-size:13px;margin:8px 0 0 0;\">Publish this record for the next step:</div>")
                    .append("<div style=\"")
                    .append(CODE)
                    .append("\">")
                    .append(escape(readiness.nextRecord()))
                    .append("</div>");
        }
        h.append("</div>\n");
    }

    private static void advice(StringBuilder h, List<SourceAdvisor.Advice> advice) {
        if (advice.isEmpty()) {
            return;
        }
        h.append("<h2 style=\"").append(H2).append("\">What to do</h2>\n");
        header(h, "Source", "Action", "Evidence");
        for (SourceAdvisor.Advice a : advice) {
            h.append("<tr>");
            sourceCell(h, a.sourceIp(), null, a.service());
            text(h, a.action());
            text(h, a.evidence());
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void posture(StringBuilder h, DomainPosture posture) {
        if (posture == null) {
            return;
        }
        h.append("<h2 style=\"")
                .append(H2)
                .append("\">DNS posture (checked ")
                .append(escape(posture.checkedAt().toString()))
                .append(")</h2>\n");
        header(h, "Record", "Published now");
        for (PublishedNow.Line line : PublishedNow.of(posture)) {
            h.append("<tr>");
            text(h, line.item());
            h.append("<td style=\"")
                    .append(TD)
                    .append("\"><div style=\"")
                    .append(CODE)
                    .append("\">")
                    .append(escape(line.value()))
                    .append("</div></td></tr>\n");
        }
        h.append("</table>\n");
        List<Finding> shown = posture.findings().stream()
                .filter(f -> f.severity() != Finding.Severity.INFO)
                .toList();
        if (shown.isEmpty()) {
            h.append("<p style=\"font-size:13px;\">No errors or warnings in the published records.</p>\n");
            return;
        }
        header(h, "Severity", "Check", "Finding");
        for (Finding f : shown) {
            h.append("<tr>");
            text(h, f.severity().wireName());
            text(h, f.check());
            h.append("<td style=\"").append(TD).append("\">").append(escape(f.message()));
            if (f.record() != null) {
                h.append("<div style=\"")
                        .append(CODE)
                        .append("\">")
                        .append(escape(f.record()))
                        .append("</div>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void overview(StringBuilder h, WeeklyReport r) {
        h.append("<table style=\"").append(TABLE).append("\">\n<tr>");
        for (String title : List.of("", "This week", "Last week")) {
            h.append("<th style=\"")
                    .append(NUMERIC_TITLES.contains(title) ? TH_NUM : TH)
                    .append("\">")
                    .append(title)
                    .append("</th>");
        }
        h.append("</tr>\n");
        overviewRow(
                h,
                "Messages",
                grouped(r.volume().messages()),
                grouped(r.volume().previousMessages()));
        overviewRow(h, "Change", r.volume().changeText(), "");
        overviewRow(h, "Reports", grouped(r.volume().reports()), "");
        overviewRow(
                h,
                "DMARC pass",
                percent(r.rates().dmarcPass()),
                percent(r.previousRates().dmarcPass()));
        overviewRow(
                h,
                "SPF aligned",
                percent(r.rates().spfAligned()),
                percent(r.previousRates().spfAligned()));
        overviewRow(
                h,
                "DKIM aligned",
                percent(r.rates().dkimAligned()),
                percent(r.previousRates().dkimAligned()));
        h.append("</table>\n");
    }

    private static void overviewRow(StringBuilder h, String label, String now, String before) {
        h.append("<tr><td style=\"")
                .append(TD)
                .append("\">")
                .append(label)
                .append("</td><td style=\"")
                .append(NUM)
                .append("\">")
                .append(escape(now))
                .append("</td><td style=\"")
                .append(NUM)
                .append("\">")
                .append(escape(before))
                .append("</td></tr>\n");
    }

    private static void failing(StringBuilder h, List<FailingSource> failing, WeeklyReport.ListCut cut) {
        h.append("<h2 style=\"")
                .append(H2)
                .append("\">Failing sources")
                .append(counted(cut))
                .append("</h2>\n");
        if (failing.isEmpty()) {
            h.append("<p style=\"font-size:13px;\">No source failed DMARC this week.</p>\n");
            return;
        }
        header(h, "Source", "Messages", "Failing", "Class", "Fresh SPF", "Why it fails");
        for (FailingSource s : failing) {
            h.append("<tr>");
            sourceCell(h, s.sourceIp(), s.ptrName(), s.service());
            num(h, s.messages());
            num(h, s.dmarcFail());
            text(h, s.classification());
            text(h, s.freshSpfResult());
            h.append("<td style=\"").append(TD).append("\">").append(escape(s.reason()));
            if (!s.details().isEmpty()) {
                h.append("<ul style=\"margin:4px 0 0 16px;padding:0;color:#5f6b7a;font-size:12px;\">");
                for (String detail : s.details()) {
                    h.append("<li>").append(escape(detail)).append("</li>");
                }
                h.append("</ul>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
        more(h, cut, "failing sources");
    }

    /** Failing sources by /24 or /48, shown when some network holds more than one failing source. */
    private static void failingNetworks(StringBuilder h, WeeklyReport r) {
        if (r.failingNetworks().stream().noneMatch(g -> g.sources() > 1)) {
            return;
        }
        h.append("<h2 style=\"")
                .append(H2)
                .append("\">Failing sources by network")
                .append(counted(r.failingNetworksCut()))
                .append("</h2>\n");
        header(h, "Network", "Sources", "Messages", "Failing", "Largest sources");
        for (SourceGroup g : r.failingNetworks()) {
            h.append("<tr>");
            h.append("<td style=\"").append(TD).append("\"><span style=\"font-family:Menlo,Consolas,monospace;\">");
            h.append(escape(g.key())).append("</span></td>");
            num(h, g.sources());
            num(h, g.messages());
            num(h, g.dmarcFail());
            List<String> shown =
                    g.sourceIps().subList(0, Math.min(3, g.sourceIps().size()));
            int more = g.sources() - shown.size();
            text(h, String.join(", ", shown) + (more > 0 ? " and " + Words.grouped(more) + " more" : ""));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        more(h, r.failingNetworksCut(), "networks with failing sources", "network");
    }

    /** {@code " (25 of 2,286)"} when the list is cut, else nothing. */
    static String counted(WeeklyReport.ListCut cut) {
        return cut.omitted() == 0 ? "" : " (" + grouped(cut.shown()) + " of " + grouped(cut.total()) + ")";
    }

    /** Says how many rows a cut list left out and links to the full list. */
    private static void more(StringBuilder h, WeeklyReport.ListCut cut, String what) {
        more(h, cut, what, "source");
    }

    static void more(StringBuilder h, WeeklyReport.ListCut cut, String what, String noun) {
        if (cut.omitted() == 0) {
            return;
        }
        h.append("<p style=\"font-size:13px;margin:-10px 0 18px 0;\">… and ")
                .append(Words.count(cut.omitted(), "more " + noun))
                .append(" not shown. The full list of ")
                .append(grouped(cut.total()))
                .append(' ')
                .append(what)
                .append(": <a href=\"")
                .append(escape(cut.fullList()))
                .append("\">")
                .append(escape(cut.fullList()))
                .append("</a>");
        if (cut.fullListCsv() != null) {
            h.append(" (<a href=\"").append(escape(cut.fullListCsv())).append("\">CSV</a>)");
        }
        h.append(" on the ruaflow API.</p>\n");
    }

    private static void sources(
            StringBuilder h, String title, List<Source> sources, WeeklyReport.ListCut cut, String empty) {
        h.append("<h2 style=\"")
                .append(H2)
                .append("\">")
                .append(title)
                .append(counted(cut))
                .append("</h2>\n");
        if (sources.isEmpty()) {
            h.append("<p style=\"font-size:13px;\">").append(empty).append("</p>\n");
            return;
        }
        header(h, "Source", "Messages", "Pass", "Fail", "Class", "Fresh SPF");
        for (Source s : sources) {
            h.append("<tr>");
            sourceCell(h, s.sourceIp(), s.ptrName(), s.service());
            num(h, s.messages());
            num(h, s.dmarcPass());
            num(h, s.dmarcFail());
            text(h, s.classification());
            text(h, s.freshSpfResult());
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        more(h, cut, "sources");
    }

    private static void dispositions(StringBuilder h, Map<String, Long> dispositions) {
        h.append("<h2 style=\"").append(H2).append("\">Dispositions applied by receivers</h2>\n");
        header(h, "Disposition", "Messages");
        for (Map.Entry<String, Long> e : new TreeMap<>(dispositions).entrySet()) {
            h.append("<tr>");
            text(h, e.getKey());
            num(h, e.getValue());
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void reporters(StringBuilder h, List<ReporterVolume> reporters) {
        h.append("<h2 style=\"").append(H2).append("\">Reporters</h2>\n");
        header(h, "Reporter", "Reports", "Messages");
        for (ReporterVolume r : reporters) {
            h.append("<tr>");
            text(h, r.orgName());
            num(h, r.reports());
            num(h, r.messages());
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void policy(StringBuilder h, PolicyPublished p) {
        h.append("<h2 style=\"").append(H2).append("\">Published policy</h2>\n");
        if (p == null) {
            h.append("<p style=\"font-size:13px;\">No report this week carried a published policy.</p>\n");
            return;
        }
        header(h, "p", "sp", "np", "pct", "adkim", "aspf", "fo");
        h.append("<tr>");
        for (Object value : new Object[] {p.p(), p.sp(), p.np(), p.pct(), p.adkim(), p.aspf(), p.fo()}) {
            text(h, value == null ? "" : value.toString());
        }
        h.append("</tr>\n</table>\n");
    }

    static void header(StringBuilder h, String... titles) {
        h.append("<table style=\"").append(TABLE).append("\">\n<tr>");
        for (String title : titles) {
            h.append("<th style=\"")
                    .append(NUMERIC_TITLES.contains(title) ? TH_NUM : TH)
                    .append("\">")
                    .append(title)
                    .append("</th>");
        }
        h.append("</tr>\n");
    }

    static void sourceCell(StringBuilder h, String ip, String ptr, String service) {
        h.append("<td style=\"").append(TD).append("\"><span style=\"font-family:Menlo,Consolas,monospace;\">");
        h.append(escape(ip)).append("</span>");
        if (ptr != null || service != null) {
            h.append("<br><span style=\"color:#5f6b7a;font-size:12px;\">");
            h.append(escape(service == null ? ptr : ptr == null ? service : service + " · " + ptr));
            h.append("</span>");
        }
        h.append("</td>");
    }

    static void text(StringBuilder h, String value) {
        h.append("<td style=\"").append(TD).append("\">").append(escape(value)).append("</td>");
    }

    static void num(StringBuilder h, long value) {
        h.append("<td style=\"")
                .append(NUM)
                .append("\">")
                .append(grouped(value))
                .append("</td>");
    }

    static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String percent(Double fraction) {
        return fraction == null ? "–" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
