package io.ruaflow.api.weekly;

import io.ruaflow.api.weekly.WeeklyReport.FailingSource;
import io.ruaflow.api.weekly.WeeklyReport.Source;
import io.ruaflow.parser.Csv;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.posture.Finding;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.FailureSource;
import io.ruaflow.store.ReporterVolume;
import io.ruaflow.store.SourceGroup;
import io.ruaflow.store.TlsSummary;
import java.io.Writer;
import java.util.Map;
import java.util.TreeMap;

/**
 * The weekly report as one CSV file of sections. Each section starts with a {@code section,<name>} row, then a
 * header row, then its rows; sections are separated by an empty line.
 */
final class WeeklyReportCsv {
    private WeeklyReportCsv() {}

    static void write(WeeklyReport report, Writer writer) {
        Csv csv = new Csv(writer);
        csv.row("section", "summary").row("key", "value");
        csv.row("domain", report.domain());
        csv.row("week", report.week());
        csv.row("from", report.from().toString());
        csv.row("to", report.to().toString());
        csv.row("messages", report.volume().messages());
        csv.row("reports", report.volume().reports());
        csv.row("previous_week_messages", report.volume().previousMessages());
        csv.row("change_messages", report.volume().change());
        csv.row("change_percent", report.volume().changePercent());
        csv.row("change", report.volume().changeText());
        csv.row("dmarc_pass_rate", report.rates().dmarcPass());
        csv.row("spf_aligned_rate", report.rates().spfAligned());
        csv.row("dkim_aligned_rate", report.rates().dkimAligned());
        csv.row("previous_dmarc_pass_rate", report.previousRates().dmarcPass());
        PolicyPublished policy = report.policy();
        if (policy != null) {
            csv.row("policy_p", policy.p());
            csv.row("policy_sp", policy.sp());
            csv.row("policy_pct", policy.pct());
            csv.row("policy_adkim", policy.adkim());
            csv.row("policy_aspf", policy.aspf());
        }
        csv.row("verdict", report.readiness().verdict().wireName());
        csv.row("current_policy", report.readiness().currentPolicy());
        csv.row("next_policy", report.readiness().nextPolicy());
        csv.row("verdict_summary", report.readiness().summary());
        for (String reason : report.readiness().reasons()) {
            csv.row("verdict_reason", reason);
        }
        if (report.readiness().nextRecord() != null) {
            csv.row("next_record", report.readiness().nextRecord());
        }

        csv.blank().row("section", "dispositions").row("disposition", "messages");
        for (Map.Entry<String, Long> e : new TreeMap<>(report.dispositions()).entrySet()) {
            csv.row(e.getKey(), e.getValue());
        }

        csv.blank().row("section", "daily").row("day", "messages", "dmarc_pass", "dmarc_fail");
        for (DailyVolume day : report.daily()) {
            csv.row(day.day().toString(), day.messages(), day.dmarcPass(), day.dmarcFail());
        }

        sources(csv.blank(), "top_sources", report.topSources().stream());
        cut(csv, report.topSourcesCut());
        csv.blank()
                .row("section", "failing_sources")
                .row(
                        "source_ip",
                        "ptr_name",
                        "service",
                        "messages",
                        "dmarc_fail",
                        "classification",
                        "fresh_spf_result",
                        "reason",
                        "details");
        for (FailingSource s : report.failingSources()) {
            csv.row(
                    s.sourceIp(),
                    s.ptrName(),
                    s.service(),
                    s.messages(),
                    s.dmarcFail(),
                    s.classification(),
                    s.freshSpfResult(),
                    s.reason(),
                    s.details());
        }
        cut(csv, report.failingSourcesCut());
        csv.blank()
                .row("section", "failing_networks")
                .row("network", "sources", "messages", "dmarc_fail", "source_ips", "source_ips_omitted");
        for (SourceGroup g : report.failingNetworks()) {
            csv.row(g.key(), g.sources(), g.messages(), g.dmarcFail(), g.sourceIps(), g.sourceIpsOmitted());
        }
        cut(csv, report.failingNetworksCut());
        csv.blank().row("section", "advice").row("source_ip", "service", "kind", "action", "evidence");
        for (SourceAdvisor.Advice a : report.advice()) {
            csv.row(a.sourceIp(), a.service(), a.kind().wireName(), a.action(), a.evidence());
        }
        if (report.posture() != null) {
            csv.blank().row("section", "posture").row("severity", "check", "code", "message", "record");
            for (Finding f : report.posture().findings()) {
                csv.row(f.severity().wireName(), f.check(), f.code(), f.message(), f.record());
            }
            csv.blank().row("section", "published_now").row("item", "value");
            for (PublishedNow.Line line : PublishedNow.of(report.posture())) {
                csv.row(line.item(), line.value());
            }
        }
        sources(csv.blank(), "new_sources", report.newSources().stream());
        cut(csv, report.newSourcesCut());

        csv.blank().row("section", "reporters").row("org_name", "reports", "messages");
        for (ReporterVolume r : report.reporters()) {
            csv.row(r.orgName(), r.reports(), r.messages());
        }
        tls(csv, report.tls());
        failureReports(csv, report.failureReports());
    }

    private static void tls(Csv csv, WeeklyReport.TlsSection tls) {
        csv.blank().row("section", "tls").row("key", "value");
        csv.row("reports", tls.reports());
        csv.row("successful_sessions", tls.successfulSessions());
        csv.row("failed_sessions", tls.failedSessions());
        csv.row("failure_rate", tls.failureRate());
        if (tls.note() != null) {
            csv.row("note", tls.note());
            return;
        }
        csv.blank().row("section", "tls_daily").row("day", "successful_sessions", "failed_sessions");
        for (TlsSummary.Day day : tls.days()) {
            csv.row(day.day().toString(), day.successfulSessions(), day.failedSessions());
        }
        csv.blank().row("section", "tls_failures_by_mx").row("receiving_mx", "failed_sessions", "top_result_types");
        for (WeeklyReport.MxFailures mx : tls.failuresByReceivingMx()) {
            csv.row(
                    mx.receivingMx(),
                    mx.failedSessions(),
                    mx.reasons().stream()
                            .map(r -> r.resultType() + " " + r.failedSessions())
                            .toList());
        }
        cut(csv, tls.failuresByReceivingMxCut());
        csv.blank()
                .row("section", "tls_reporters")
                .row("organization", "reports", "successful_sessions", "failed_sessions");
        for (TlsSummary.Reporter r : tls.reporters()) {
            csv.row(r.organization(), r.reports(), r.successfulSessions(), r.failedSessions());
        }
    }

    private static void failureReports(Csv csv, WeeklyReport.FailureReportSection failures) {
        csv.blank().row("section", "failure_reports").row("key", "value");
        csv.row("reports", failures.reports());
        csv.row("sources", failures.bySourceCut().total());
        if (failures.note() != null) {
            csv.row("note", failures.note());
            return;
        }
        csv.blank()
                .row("section", "failure_report_sources")
                .row(
                        "source_ip",
                        "reports",
                        "first",
                        "last",
                        "ptr_name",
                        "service",
                        "classification",
                        "fresh_spf_result",
                        "from_samples",
                        "subject_samples");
        for (FailureSource s : failures.bySource()) {
            csv.row(
                    s.sourceIp(),
                    s.failures(),
                    s.first() == null ? null : s.first().toString(),
                    s.last() == null ? null : s.last().toString(),
                    s.ptrName(),
                    s.service(),
                    s.classification(),
                    s.freshSpfResult(),
                    s.fromSamples(),
                    s.subjectSamples());
        }
        cut(csv, failures.bySourceCut());
    }

    /** After a cut list: how many it left out and where the full list is. */
    private static void cut(Csv csv, WeeklyReport.ListCut cut) {
        if (cut.omitted() > 0) {
            csv.row(
                    "omitted",
                    cut.omitted(),
                    "of",
                    cut.total(),
                    "full list",
                    cut.fullListCsv() == null ? cut.fullList() : cut.fullListCsv());
        }
    }

    private static void sources(Csv csv, String name, java.util.stream.Stream<Source> sources) {
        csv.row("section", name)
                .row(
                        "source_ip",
                        "ptr_name",
                        "service",
                        "messages",
                        "dmarc_pass",
                        "dmarc_fail",
                        "classification",
                        "fresh_spf_result",
                        "first_seen");
        sources.forEach(s -> csv.row(
                s.sourceIp(),
                s.ptrName(),
                s.service(),
                s.messages(),
                s.dmarcPass(),
                s.dmarcFail(),
                s.classification(),
                s.freshSpfResult(),
                s.firstSeen() == null ? null : s.firstSeen().toString()));
    }
}
