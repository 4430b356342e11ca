package io.ruaflow.api.weekly;

import io.ruaflow.store.SourceRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Explains in words why a source's mail fails DMARC, from its classification and the fresh SPF check. */
final class FailureReasons {
    private FailureReasons() {}

    static String explain(SourceRow row, String domain) {
        String classification = lower(row.classification());
        String spf = lower(row.freshSpfResult());
        if ("permerror".equals(spf) || "temperror".equals(spf)) {
            return "the SPF record of the envelope domain cannot be evaluated today (" + spf
                    + "): fix the record, then re-check";
        }
        switch (classification) {
            case "forwarded":
                return "forwarded (a mailing list or forwarding service): SPF fails after forwarding, so only an"
                        + " aligned DKIM signature that survives forwarding can pass";
            case "misconfigured":
                if ("pass".equals(spf) && row.spfAligned() == 0) {
                    return "SPF passes but does not align: the envelope domain is not " + domain
                            + " or its subdomain; sign with DKIM as " + domain + " or use a custom return path";
                }
                return "authenticates as another domain: SPF or DKIM passes but neither aligns with " + domain
                        + "; set up DKIM signing as " + domain + " for this service";
            case "unauthorized":
                if ("pass".equals(spf)) {
                    return "SPF authorizes this IP today (fresh check: pass) but the reported mail failed: the"
                            + " record changed since, or the envelope domain was not " + domain;
                }
                if (spf.isEmpty()) {
                    return "not authorized: no SPF pass and no valid DKIM signature; spoofing or an unknown sender";
                }
                return "not in SPF (fresh check: " + spf + ") and no valid DKIM signature: spoofing, or a sender"
                        + " to add to SPF and DKIM if it is yours";
            case "aligned":
                return "mostly aligned, but part of its mail failed: a DKIM signature broken in transit or an"
                        + " intermittent SPF problem";
            default:
                return "not yet re-checked against DNS";
        }
    }

    /**
     * What the re-check found about a failing source, one sentence each: the mechanism that decided the fresh SPF
     * check, DKIM keys that are missing, revoked, invalid or weak, the PTR name and whether it resolves
     * back to the IP, and messages where ruaflow's DMARC verdict differs from the reporter's.
     */
    static List<String> details(SourceRow row) {
        List<String> details = new ArrayList<>();
        // The result alone is in its own column; the deciding mechanism is what this adds.
        if (row.freshSpfResult() != null && row.freshSpfMechanism() != null) {
            details.add("fresh SPF check: " + row.freshSpfResult() + ", decided by " + row.freshSpfMechanism());
        }
        details.addAll(row.dkimKeyProblems());
        if (row.ptrName() != null) {
            details.add("PTR " + row.ptrName()
                    + (Boolean.TRUE.equals(row.ptrConfirmed())
                            ? " (forward-confirmed)"
                            : Boolean.FALSE.equals(row.ptrConfirmed())
                                    ? " does not resolve back to this IP (not forward-confirmed)"
                                    : ""));
        } else if (Boolean.FALSE.equals(row.ptrConfirmed())) {
            details.add("no PTR record for this IP");
        }
        if (row.differsFromReporter() > 0) {
            details.add("ruaflow's DMARC verdict differs from the reporter's for "
                    + Words.count(row.differsFromReporter(), "message"));
        }
        return details;
    }

    private static String lower(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }
}
