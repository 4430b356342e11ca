package io.ruaflow.store;

import io.ruaflow.enricher.DkimKeyCheck;
import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.SpfAuthResult;
import java.time.Instant;
import java.util.List;

/**
 * One stored report record with its enrichment, as a report listing or a source's detail shows it. {@code messages}
 * is the record's whole count; the enrichment fields are null (lists empty) when DNS checks were off.
 */
public record StoredRecord(
        String reportUid,
        long position,
        String orgName,
        Instant begin,
        Instant end,
        String sourceIp,
        long messages,
        String disposition,
        String evaluatedDkim,
        String evaluatedSpf,
        List<OverrideReason> reasons,
        String envelopeTo,
        String envelopeFrom,
        String headerFrom,
        List<DkimAuthResult> dkimResults,
        List<SpfAuthResult> spfResults,
        String spfDomain,
        boolean spfAligned,
        boolean dkimAligned,
        boolean dmarcPass,
        boolean differsFromReporter,
        String freshSpfResult,
        String freshSpfMechanism,
        List<DkimKeyCheck> dkimKeys,
        String ptrName,
        Boolean ptrConfirmed,
        String ptrBaseDomain,
        String service,
        String serviceType,
        String classification,
        Instant checkedAt) {

    public StoredRecord {
        reasons = List.copyOf(reasons);
        dkimResults = List.copyOf(dkimResults);
        spfResults = List.copyOf(spfResults);
        dkimKeys = List.copyOf(dkimKeys);
    }
}
