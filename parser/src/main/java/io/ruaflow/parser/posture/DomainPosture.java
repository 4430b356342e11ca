package io.ruaflow.parser.posture;

import java.time.Instant;
import java.util.List;

/**
 * A domain's authentication posture as live DNS shows it at {@code checkedAt}: the DMARC record that applies (and
 * the domain it was found at, which differs when it is inherited through the tree walk), the SPF record with the DNS
 * lookups it spends, every finding, errors first, and the live MTA-STS / TLS-RPT state ({@code mtaSts}, null when not
 * checked). Record fields are null when nothing is published.
 */
public record DomainPosture(
        String domain,
        Instant checkedAt,
        String dmarcRecord,
        String dmarcRecordDomain,
        String spfRecord,
        int spfLookups,
        List<Finding> findings,
        MtaStsState mtaSts) {

    public DomainPosture {
        findings = List.copyOf(findings);
    }

    /** A posture without the MTA-STS state. */
    public DomainPosture(
            String domain,
            Instant checkedAt,
            String dmarcRecord,
            String dmarcRecordDomain,
            String spfRecord,
            int spfLookups,
            List<Finding> findings) {
        this(domain, checkedAt, dmarcRecord, dmarcRecordDomain, spfRecord, spfLookups, findings, null);
    }

    /** The findings of one severity. */
    public List<Finding> findings(Finding.Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }
}
