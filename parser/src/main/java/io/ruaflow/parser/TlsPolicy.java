package io.ruaflow.parser;

import java.util.List;

/**
 * One policy of an {@link TlsReport}: what the sender applied ({@code policy-type} {@link #STS}, {@link #TLSA} or
 * {@link #NO_POLICY_FOUND}; another value is kept as sent, with a warning), for which domain, with its summary and
 * failure details.
 *
 * @param policyStrings the MTA-STS policy lines or the TLSA records, as sent
 * @param mxHosts the {@code mx-host} patterns, a string or a list in the report; empty when absent
 */
public record TlsPolicy(
        String policyType,
        List<String> policyStrings,
        String policyDomain,
        List<String> mxHosts,
        long successfulSessions,
        long failedSessions,
        List<TlsFailureDetail> failureDetails) {

    public static final String STS = "sts";
    public static final String TLSA = "tlsa";
    public static final String NO_POLICY_FOUND = "no-policy-found";

    /** The policy types RFC 8460 defines. */
    public static final List<String> KNOWN_TYPES = List.of(STS, TLSA, NO_POLICY_FOUND);

    public TlsPolicy {
        policyStrings = List.copyOf(policyStrings);
        mxHosts = List.copyOf(mxHosts);
        failureDetails = List.copyOf(failureDetails);
    }
}
