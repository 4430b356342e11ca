package io.ruaflow.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the API shows of a domain's authentication posture in live DNS, checked at {@code checkedAt}: the DMARC record
 * that applies and the domain it was found at (which differs when it is inherited), the SPF record with the DNS
 * lookups it spends, every finding, errors first, and the live MTA-STS / TLS-RPT state ({@code mtaSts}, null when
 * not checked). Record fields are null when nothing is published. The API does no DNS itself: a
 * {@link PostureService} fills it.
 */
public record Posture(
        String domain,
        Instant checkedAt,
        String dmarcRecord,
        String dmarcRecordDomain,
        String spfRecord,
        int spfLookups,
        List<Finding> findings,
        MtaSts mtaSts) {

    public Posture {
        findings = List.copyOf(findings);
    }

    /** A posture without the MTA-STS state. */
    public Posture(
            String domain,
            Instant checkedAt,
            String dmarcRecord,
            String dmarcRecordDomain,
            String spfRecord,
            int spfLookups,
            List<Finding> findings) {
        this(domain, checkedAt, dmarcRecord, dmarcRecordDomain, spfRecord, spfLookups, findings, null);
    }

    /**
     * The domain's SMTP TLS records as a sending MTA sees them now: the {@code _mta-sts} TXT record and its
     * {@code id}, the policy file fetched over HTTPS from {@code policyUrl} (its HTTP status, {@code mode},
     * {@code mx} patterns and {@code maxAge} in seconds), the domain's live MX hosts, the {@code _smtp._tls} record,
     * and the findings about them (checks {@code mta-sts} and {@code tls-rpt}). Null fields: nothing to show.
     */
    public record MtaSts(
            String txtRecord,
            String id,
            String policyUrl,
            Integer httpStatus,
            String mode,
            List<String> mx,
            Long maxAge,
            List<String> mxHosts,
            String tlsRptRecord,
            List<Finding> findings) {
        public MtaSts {
            mx = List.copyOf(mx);
            mxHosts = List.copyOf(mxHosts);
            findings = List.copyOf(findings);
        }
    }

    /**
     * One observation about the published records: {@code check} is the record family ({@code dmarc}, {@code spf},
     * {@code dkim}, ...), {@code code} a stable identifier, {@code message} what to do in words, {@code record} the
     * record or DNS name it is about (null when none).
     */
    public record Finding(Severity severity, String check, String code, String message, String record) {}

    /** How much a finding matters: breaks things now, risky, or worth knowing. */
    public enum Severity {
        ERROR,
        WARNING,
        INFO;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
