package io.ruaflow.api.weekly;

import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.FailureSource;
import io.ruaflow.store.ReporterVolume;
import io.ruaflow.store.SourceGroup;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.TlsSummary;
import io.ruaflow.store.WeeklyData;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The weekly compliance report of one domain for one ISO week, computed from {@link WeeklyData} by
 * {@link #fromData}. Rates are fractions 0..1, null when there was no volume to divide by; text fields taken from
 * reports (names, reporters) are untrusted and escaped by every renderer.
 */
public record WeeklyReport(
        String domain,
        String week,
        LocalDate from,
        LocalDate to,
        Volume volume,
        Rates rates,
        Rates previousRates,
        Map<String, Long> dispositions,
        PolicyPublished policy,
        List<Source> topSources,
        ListCut topSourcesCut,
        List<FailingSource> failingSources,
        ListCut failingSourcesCut,
        List<SourceGroup> failingNetworks,
        ListCut failingNetworksCut,
        List<Source> newSources,
        ListCut newSourcesCut,
        List<ReporterVolume> reporters,
        List<DailyVolume> daily,
        Readiness readiness,
        List<SourceAdvisor.Advice> advice,
        DomainPosture posture,
        TlsSection tls,
        FailureReportSection failureReports) {

    /** How many sources the top-sources table lists. */
    public static final int TOP_SOURCES = 10;
    /** How many failing sources are listed, largest failing volume first. */
    public static final int MAX_FAILING_SOURCES = 25;
    /** How many first-seen sources are listed. */
    public static final int MAX_NEW_SOURCES = 25;
    /** How many networks (/24, /48) of failing sources are listed, so one botnet is one line. */
    public static final int MAX_FAILING_NETWORKS = 10;
    /** How many receiving MX hosts the TLS section lists, most failed sessions first. */
    public static final int MAX_TLS_MX = 10;
    /** How many failure reasons (result types) the TLS section lists per receiving MX. */
    public static final int MAX_TLS_REASONS_PER_MX = 3;
    /** How many TLS reporters are listed. */
    public static final int MAX_TLS_REPORTERS = 10;
    /** How many sources of failure reports are listed, most reports first. */
    public static final int MAX_FAILURE_REPORT_SOURCES = 10;

    public WeeklyReport {
        dispositions = Map.copyOf(dispositions);
        topSources = List.copyOf(topSources);
        failingSources = List.copyOf(failingSources);
        failingNetworks = List.copyOf(failingNetworks);
        newSources = List.copyOf(newSources);
        reporters = List.copyOf(reporters);
        daily = List.copyOf(daily);
        advice = List.copyOf(advice);
    }

    /** Builds the report without live DNS (no posture section, no exact record to publish); pure, no I/O. */
    public static WeeklyReport fromData(WeeklyData data) {
        return WeeklyReportBuilder.build(data, null, null);
    }

    /**
     * Builds the report with the domain's live {@code posture} (its findings become a section, its DMARC record the
     * base of the record to publish for the next step) and {@code budget} to count SPF lookups in advice; either
     * may be null. The budget may query DNS.
     */
    public static WeeklyReport fromData(WeeklyData data, DomainPosture posture, SourceAdvisor.SpfBudget budget) {
        return WeeklyReportBuilder.build(data, posture, budget);
    }

    /** The advice for one failing source row of {@code domain}, as the report gives it; {@code budget} may be null. */
    public static SourceAdvisor.Advice advise(SourceRow row, String domain, SourceAdvisor.SpfBudget budget) {
        return WeeklyReportBuilder.advise(row, domain, budget);
    }

    /**
     * This and last week's message and report counts. {@code change} is the absolute change in messages;
     * {@code changePercent} is null when last week had fewer than 100 messages (a percentage of a tiny base says
     * nothing); {@code changeText} says it in words either way: {@code +12.5% (from 8,000 messages)} or
     * {@code +2,285 messages (from 1 message)}.
     */
    public record Volume(
            long messages, long reports, long previousMessages, long change, Double changePercent, String changeText) {}

    /**
     * How much of a list the report shows: {@code shown} of {@code total}, {@code omitted} left out, and where the
     * full list is: {@code fullList} (JSON) and {@code fullListCsv}, API paths relative to the ruaflow server.
     */
    public record ListCut(long total, long shown, long omitted, String fullList, String fullListCsv) {}

    public record Rates(Double dmarcPass, Double spfAligned, Double dkimAligned) {}

    /** One sending IP with what ruaflow knows about it. */
    public record Source(
            String sourceIp,
            String ptrName,
            String service,
            long messages,
            long dmarcPass,
            long dmarcFail,
            String classification,
            String freshSpfResult,
            LocalDate firstSeen) {}

    /**
     * A source with DMARC-failing volume and why it fails, in words: {@code reason} from its classification, and
     * {@code details} with what the re-check found (deciding SPF mechanism, DKIM key problems, PTR confirmation,
     * a verdict that differs from the reporter's).
     */
    public record FailingSource(
            String sourceIp,
            String ptrName,
            String service,
            long messages,
            long dmarcFail,
            String classification,
            String freshSpfResult,
            String reason,
            List<String> details) {
        public FailingSource {
            details = List.copyOf(details);
        }
    }

    /**
     * Whether the domain can move to a stricter policy: the verdict, the published and the next policy, a one-line
     * summary and the reasons behind it. {@code nextRecord} is the exact DNS TXT record to publish for the next
     * step, when the verdict is ready and the live record is known; else null.
     */
    public record Readiness(
            Verdict verdict,
            String currentPolicy,
            String nextPolicy,
            String summary,
            List<String> reasons,
            String nextRecord) {
        public Readiness {
            reasons = List.copyOf(reasons);
        }

        public Readiness(
                Verdict verdict, String currentPolicy, String nextPolicy, String summary, List<String> reasons) {
            this(verdict, currentPolicy, nextPolicy, summary, reasons, null);
        }

        /** A copy ending its summary with the record to publish. */
        public Readiness withNextRecord(String record) {
            return new Readiness(verdict, currentPolicy, nextPolicy, summary + ". Publish: " + record, reasons, record);
        }
    }

    /**
     * What the domain's SMTP TLS reports (RFC 8460) say about the week: sessions that negotiated TLS as the policy
     * requires and sessions that failed, per day, the failure rate (null without sessions), the receiving MX hosts
     * with the most failed sessions and their top failure reasons (result types), and who reported. {@code note} is
     * one line when there is nothing to show (no reports, or a store that keeps none) and says how to get them;
     * else null.
     */
    public record TlsSection(
            long reports,
            long successfulSessions,
            long failedSessions,
            Double failureRate,
            List<TlsSummary.Day> days,
            List<TlsSummary.ResultType> failuresByResultType,
            List<MxFailures> failuresByReceivingMx,
            ListCut failuresByReceivingMxCut,
            List<TlsSummary.Reporter> reporters,
            String note) {
        public TlsSection {
            days = List.copyOf(days);
            failuresByResultType = List.copyOf(failuresByResultType);
            failuresByReceivingMx = List.copyOf(failuresByReceivingMx);
            reporters = List.copyOf(reporters);
        }
    }

    /**
     * The failed TLS sessions at one receiving MX ({@code receivingMx} empty when reporters did not name it), with
     * its top {@link #MAX_TLS_REASONS_PER_MX} reasons.
     */
    public record MxFailures(String receivingMx, long failedSessions, List<TlsSummary.ResultType> reasons) {
        public MxFailures {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * The domain's DMARC failure reports (ruf) of the week by source IP, most reports first: per source the count,
     * the live re-check (sending service, classification) and a few samples of the originals' From and Subject,
     * exactly as stored (with {@code failure.redact} on, the From's local part reads {@code redacted}). {@code note}
     * is one line when there is nothing to show, saying how to get them; else null.
     */
    public record FailureReportSection(long reports, List<FailureSource> bySource, ListCut bySourceCut, String note) {
        public FailureReportSection {
            bySource = List.copyOf(bySource);
        }
    }

    public enum Verdict {
        /** The domain can move to {@code nextPolicy}. */
        READY,
        /** Legitimate mail would be hurt by {@code nextPolicy}; the reasons say which. */
        NOT_READY,
        /** Too little volume or history to judge. */
        INSUFFICIENT_DATA,
        /** Already at p=reject for all mail. */
        AT_STRICTEST;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
