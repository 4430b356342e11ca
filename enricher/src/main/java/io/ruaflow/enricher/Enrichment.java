package io.ruaflow.enricher;

import java.time.Instant;
import java.util.List;

/**
 * What ruaflow concluded about one record. Alignment and the re-computed DMARC verdict come from the reporter's own
 * auth results and the Public Suffix List; the {@code fresh*}, {@code dkimKeys}, {@code ptr*} fields come from DNS as
 * it was at {@code checkedAt}, not at report time, and are null (empty for the list) when DNS checks are off.
 *
 * <ul>
 *   <li>{@code spfDomain}: the MAIL FROM domain (envelope_from, else the SPF auth domain with scope mfrom).
 *   <li>{@code spfAligned}: the reporter's SPF result for {@code spfDomain} is pass and it aligns with header_from
 *       under the published aspf.
 *   <li>{@code dkimAligned}: some signature passed whose d= aligns with header_from under the published adkim.
 *   <li>{@code dmarcPass}: {@code spfAligned || dkimAligned}; {@code differsFromReporter} when the reporter's
 *       policy_evaluated said otherwise.
 *   <li>{@code orgDomainMethod}: what decided the Organizational Domains behind {@code headerFromOrgDomain} and
 *       relaxed alignment: the RFC 9989 tree walk, or the Public Suffix List (without DNS, when configured, or when
 *       DNS cut a walk short). Null in records written before ruaflow recorded it.
 * </ul>
 */
public record Enrichment(
        String headerFromOrgDomain,
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
        Classification classification,
        Instant checkedAt,
        OrgDomainMethod orgDomainMethod) {

    public Enrichment {
        dkimKeys = List.copyOf(dkimKeys);
    }
}
