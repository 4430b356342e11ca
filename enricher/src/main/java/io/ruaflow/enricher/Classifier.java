package io.ruaflow.enricher;

import java.util.Set;

/**
 * The classification rules, in order: the first row that holds decides. The README's table says the same in words;
 * {@code ClassifierTest} tests each row.
 *
 * <ol>
 *   <li>SPF passes and aligns: {@link Classification#ALIGNED}.
 *   <li>DKIM passes and aligns while the reporter's SPF check failed (fail or softfail): the domain signed the
 *       message and a host its SPF does not list relayed it, the trace of forwarding: {@link
 *       Classification#FORWARDED} (DMARC passes).
 *   <li>DKIM passes and aligns: {@link Classification#ALIGNED}.
 *   <li>DMARC fails and the reporter gave a forwarding override reason ({@code forwarded}, {@code mailing_list},
 *       {@code trusted_forwarder}): {@link Classification#FORWARDED}.
 *   <li>DMARC fails and the source is a known forwarder or mailing list (its PTR name, the SPF include that
 *       authorized it or a domain that passed maps to a {@code forwarder} or {@code mailing-list} service): {@link
 *       Classification#FORWARDED}.
 *   <li>DMARC fails and SPF passes for a domain that does not align: a service not yet set up with the domain,
 *       {@link Classification#MISCONFIGURED}.
 *   <li>Otherwise {@link Classification#UNAUTHORIZED}: a DKIM pass for a domain that does not align proves only
 *       that someone controls that other domain, not that the mail was forwarded.
 * </ol>
 */
final class Classifier {
    /** Override reasons that say the receiver saw forwarding. */
    static final Set<String> FORWARDING_OVERRIDES = Set.of("forwarded", "mailing_list", "trusted_forwarder");
    /** Service types (senders.csv) that relay other domains' mail. */
    static final Set<String> FORWARDING_SERVICES = Set.of("forwarder", "mailing-list");

    private Classifier() {}

    /**
     * What the rules look at.
     *
     * @param spfFailed the reporter's SPF result for the MAIL FROM domain (or any SPF result) is fail or softfail
     * @param forwardingOverride the reporter gave one of {@link #FORWARDING_OVERRIDES}
     * @param serviceType the type of the source's sending service, null when unknown
     */
    record Facts(
            boolean spfAligned,
            boolean dkimAligned,
            boolean spfFailed,
            boolean anySpfPass,
            boolean forwardingOverride,
            String serviceType) {}

    static Classification classify(Facts f) {
        if (f.spfAligned()) {
            return Classification.ALIGNED;
        }
        if (f.dkimAligned()) {
            return f.spfFailed() ? Classification.FORWARDED : Classification.ALIGNED;
        }
        if (f.forwardingOverride()) {
            return Classification.FORWARDED;
        }
        if (f.serviceType() != null && FORWARDING_SERVICES.contains(f.serviceType())) {
            return Classification.FORWARDED;
        }
        if (f.anySpfPass()) {
            return Classification.MISCONFIGURED;
        }
        return Classification.UNAUTHORIZED;
    }
}
