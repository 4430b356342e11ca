package io.ruaflow.store;

import io.ruaflow.enricher.Classification;
import io.ruaflow.enricher.DkimKeyCheck;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * One sending source IP of a domain over a range. Counts are messages in the range:
 *
 * <ul>
 *   <li>{@code dmarcFail}: DMARC fails ({@code messages - dmarcPass}); a source is <em>failing</em> when this is
 *       above zero;
 *   <li>{@code partial}: DMARC passes but SPF or DKIM does not align;
 *   <li>{@code differsFromReporter}: ruaflow's DMARC verdict differs from the reporter's.
 * </ul>
 *
 * {@code ptrName}, {@code ptrConfirmed} (forward-confirmed reverse DNS), {@code ptrBaseDomain}, {@code service},
 * {@code freshSpfResult}, {@code freshSpfMechanism} (the mechanism that decided the fresh check) and {@code dkimKeys}
 * are the latest enrichment seen for the IP in the range (null, or empty, when never checked);
 * {@code classification} is the one covering most of its volume. {@code firstSeen} is the first UTC day, across all
 * time, on which this IP had messages for the domain (the same day basis as the counts).
 */
public record SourceRow(
        String sourceIp,
        String ptrName,
        Boolean ptrConfirmed,
        String ptrBaseDomain,
        String service,
        long messages,
        long dmarcPass,
        long dmarcFail,
        long spfAligned,
        long dkimAligned,
        long partial,
        long differsFromReporter,
        String freshSpfResult,
        String freshSpfMechanism,
        List<DkimKeyCheck> dkimKeys,
        String classification,
        LocalDate firstSeen) {

    /** The values {@link #classification()} takes when not null, in the words every answer uses. */
    public static final List<String> CLASSIFICATIONS =
            Arrays.stream(Classification.values()).map(Classification::wireName).toList();

    public SourceRow {
        dkimKeys = dkimKeys == null ? List.of() : List.copyOf(dkimKeys);
    }

    /** The DKIM keys worth showing (missing, revoked, invalid, too short, testing), each in words. */
    public List<String> dkimKeyProblems() {
        return dkimKeys.stream()
                .filter(DkimKeyCheck::isProblem)
                .map(DkimKeyCheck::toString)
                .toList();
    }
}
