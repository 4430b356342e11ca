package io.ruaflow.enricher;

import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportSchema;
import io.ruaflow.parser.SpfAuthResult;
import java.util.List;
import java.util.Locale;

/**
 * Re-checks a failure report's source exactly as an aggregate record's: the report is read as a one-message record
 * (source IP, header_from, the receiver's DKIM and SPF results) and passed through the same {@link RecordEnricher},
 * so PTR, sending service, fresh SPF and classification mean the same for both kinds. A report that names no source
 * IP is left without a re-check.
 */
public final class FailureEnricher {
    private final RecordEnricher enricher;

    public FailureEnricher(RecordEnricher enricher) {
        this.enricher = enricher;
    }

    /** {@code report} with its {@link FailureReport.Recheck}; unchanged when it names no source IP. */
    public FailureReport enrich(FailureReport report) {
        if (report.sourceIp() == null) {
            return report;
        }
        List<EnrichedRecord> enriched = enricher.enrich(headerOf(report), List.of(recordOf(report)), 0);
        Enrichment e = enriched.get(0).enrichment();
        return report.withRecheck(new FailureReport.Recheck(
                e.ptrName(),
                e.ptrConfirmed(),
                e.service(),
                e.freshSpfResult(),
                e.freshSpfMechanism(),
                e.classification() == null ? null : e.classification().wireName(),
                e.checkedAt()));
    }

    static ReportHeader headerOf(FailureReport r) {
        PolicyPublished policy =
                new PolicyPublished(r.reportedDomain(), null, null, null, null, null, null, null, null, null);
        return new ReportHeader(
                r.reportUid(),
                r.reporter() == null ? "unknown" : r.reporter(),
                r.reporterEmail(),
                null,
                r.reportUid(),
                r.arrivalDate(),
                r.arrivalDate(),
                List.of(),
                null,
                ReportSchema.RFC7489,
                policy,
                r.source());
    }

    static ReportRecord recordOf(FailureReport r) {
        String headerFrom = domainOf(r.from());
        List<DkimAuthResult> dkim = r.dkimDomain() == null
                ? List.of()
                : List.of(new DkimAuthResult(
                        r.dkimDomain(), r.dkimSelector(), r.dkimResult() == null ? "fail" : r.dkimResult(), null));
        List<SpfAuthResult> spf = r.spfDomain() == null
                ? List.of()
                : List.of(new SpfAuthResult(
                        r.spfDomain(), "mfrom", r.spfResult() == null ? "fail" : r.spfResult(), null));
        return new ReportRecord(
                r.sourceIp(),
                1,
                disposition(r.deliveryResult()),
                "fail",
                "fail",
                List.of(),
                null,
                r.spfDomain(),
                headerFrom == null ? r.reportedDomain() : headerFrom,
                dkim,
                spf);
    }

    /** The DMARC disposition an ARF Delivery-Result stands for. */
    static String disposition(String deliveryResult) {
        if (deliveryResult == null) {
            return "none";
        }
        return switch (deliveryResult) {
            case "spam" -> "quarantine";
            case "reject", "policy" -> "reject";
            default -> "none";
        };
    }

    private static String domainOf(String fromHeader) {
        if (fromHeader == null) {
            return null;
        }
        int at = fromHeader.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String rest = fromHeader.substring(at + 1);
        int end = 0;
        while (end < rest.length()
                && (Character.isLetterOrDigit(rest.charAt(end)) || ".-_".indexOf(rest.charAt(end)) >= 0)) {
            end++;
        }
        String domain = rest.substring(0, end).toLowerCase(Locale.ROOT);
        return domain.isEmpty() ? null : domain;
    }
}
