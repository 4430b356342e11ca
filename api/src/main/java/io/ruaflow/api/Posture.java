package io.ruaflow.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the API shows of a domain's authentication posture in live DNS, checked at {@code checkedAt}: the DMARC record
 * that applies and the domain it was found at (which differs when it is inherited), the SPF record with the DNS
 * lookups it spends, and every finding, errors first. Record fields are null when nothing is published. The API
 * does no DNS itself: a {@link PostureService} fills it.
 */
public record Posture(
        String domain,
        Instant checkedAt,
        String dmarcRecord,
        String dmarcRecordDomain,
        String spfRecord,
        int spfLookups,
        List<Finding> findings) {

    public Posture {
        findings = List.copyOf(findings);
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
