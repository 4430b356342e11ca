package io.ruaflow.api.weekly;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ruaflow.parser.ResourceCsv;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one concrete action for a source whose mail fails DMARC, with its evidence: what the domain owner changes
 * (a custom return path or DKIM at a known service, an SPF include, nothing but ARC for a forwarder, p=reject for
 * spoofing) and the numbers behind it. Pure except for the optional {@link SpfBudget}, which counts SPF lookups.
 */
public final class SourceAdvisor {
    static final String RESOURCE = "spf-includes.csv";

    /** The DNS lookups an SPF evaluation may spend before it is a permerror (RFC 7208 4.6.4). */
    public static final int SPF_MAX_LOOKUPS = 10;

    private static final Map<String, String> INCLUDES = loadIncludes();

    private SourceAdvisor() {}

    /** What ruaflow knows about one source over a period; counts are messages. */
    public record Facts(
            String domain,
            String sourceIp,
            String ptrName,
            String service,
            String classification,
            String freshSpfResult,
            long messages,
            long dmarcFail,
            long spfAligned,
            long dkimAligned) {}

    public enum Kind {
        /** A known service authenticates as itself: give it a return path or DKIM under the domain. */
        ALIGN_SERVICE,
        /** A known service not authorized by SPF: add its include (and DKIM). */
        ADD_TO_SPF,
        /** Forwarded mail: nothing to publish; ARC at the forwarder is what helps. */
        FORWARDING,
        /** Fails everything and is no known service of the domain's: what a stricter policy stops. */
        SPOOFING,
        /** The SPF record itself cannot be evaluated. */
        FIX_SPF,
        /** Mostly aligned with some failures: DKIM broken in transit or an intermittent SPF problem. */
        INTERMITTENT;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** {@code action} is the one thing to do; {@code evidence} the numbers and checks it rests on. */
    public record Advice(String sourceIp, String service, Kind kind, String action, String evidence) {}

    /**
     * Counts SPF DNS lookups (RFC 7208 4.6.4) of published records; null when DNS does not say. The API does no DNS
     * itself: {@code deploy} wires the enricher's posture checker in.
     */
    public interface SpfBudget {
        /** The lookups the domain's own SPF record spends now, counted through every include. */
        Integer lookups(String domain);

        /** The lookups {@code include:<target>} would add: one for the include and those of the target's record. */
        Integer includeCost(String target);
    }

    /** The SPF include a service documents, or null when ruaflow does not know it. */
    public static String includeFor(String service) {
        return service == null ? null : INCLUDES.get(service.trim());
    }

    /** The advice for one source; {@code budget} may be null (no lookup counts then). */
    public static Advice advise(Facts f, SpfBudget budget) {
        String classification =
                f.classification() == null ? "" : f.classification().trim().toLowerCase(Locale.ROOT);
        String spf = f.freshSpfResult() == null ? "" : f.freshSpfResult().trim().toLowerCase(Locale.ROOT);
        String who = f.service() != null ? f.service() : f.ptrName() != null ? f.ptrName() : f.sourceIp();
        String evidence = f.dmarcFail() + " of " + f.messages() + " messages from " + f.sourceIp()
                + (f.ptrName() == null ? "" : " (" + f.ptrName() + ")") + " failed DMARC"
                + (spf.isEmpty() ? "" : "; fresh SPF check: " + spf);
        if (spf.equals("permerror") || spf.equals("temperror")) {
            return new Advice(
                    f.sourceIp(),
                    f.service(),
                    Kind.FIX_SPF,
                    "fix the SPF record of the envelope domain: receivers get " + spf
                            + " today, so SPF fails for every sender (run ruaflow posture --domain " + f.domain() + ")",
                    evidence);
        }
        switch (classification) {
            case "misconfigured" -> {
                String where = f.service() != null ? "at " + f.service() : "at the sender using " + f.sourceIp();
                return new Advice(
                        f.sourceIp(),
                        f.service(),
                        Kind.ALIGN_SERVICE,
                        "configure a custom return path under " + f.domain() + " " + where + ", or DKIM signing for "
                                + f.domain() + ": " + f.dmarcFail() + " messages failed",
                        evidence + "; "
                                + (spf.equals("pass")
                                        ? "SPF passes for the service's own bounce domain but does not align"
                                        : "it authenticates as another domain, not " + f.domain()));
            }
            case "forwarded" -> {
                return new Advice(
                        f.sourceIp(),
                        f.service(),
                        Kind.FORWARDING,
                        who + " forwards or redistributes your mail (a mailing list or forwarder): SPF cannot pass"
                                + " after forwarding and the DKIM signature did not survive. Nothing to publish: ask"
                                + " the forwarder to keep messages unmodified or to add ARC (RFC 8617) headers,"
                                + " which receivers can trust",
                        evidence);
            }
            case "unauthorized" -> {
                String include = includeFor(f.service());
                if (include != null) {
                    return new Advice(
                            f.sourceIp(),
                            f.service(),
                            Kind.ADD_TO_SPF,
                            "if " + f.service() + " sends for you, add include:" + include + " to the SPF record of "
                                    + f.domain() + lookupWords(f.domain(), include, budget) + ", and set up DKIM"
                                    + " signing for " + f.domain() + " there: " + f.dmarcFail() + " messages failed",
                            evidence);
                }
                return new Advice(
                        f.sourceIp(),
                        f.service(),
                        Kind.SPOOFING,
                        "likely spoofing: p=reject would stop it (" + f.dmarcFail() + " messages from " + who
                                + " failed SPF and DKIM)",
                        evidence + "; not a sending service ruaflow knows");
            }
            default -> {
                return new Advice(
                        f.sourceIp(),
                        f.service(),
                        Kind.INTERMITTENT,
                        "mostly aligned, but " + f.dmarcFail() + " messages failed: look for a DKIM signature broken"
                                + " in transit (a gateway rewriting mail) or an intermittent SPF problem",
                        evidence + "; " + f.spfAligned() + " SPF-aligned, " + f.dkimAligned() + " DKIM-aligned");
            }
        }
    }

    private static String lookupWords(String domain, String include, SpfBudget budget) {
        if (budget == null) {
            return "";
        }
        Integer now = budget.lookups(domain);
        Integer cost = budget.includeCost(include);
        if (now == null || cost == null) {
            return "";
        }
        int after = now + cost;
        String words = " (SPF lookups " + now + " → " + after + " of " + SPF_MAX_LOOKUPS;
        return after > SPF_MAX_LOOKUPS
                ? words + ": over the limit, receivers would return permerror; flatten or drop another include"
                        + " first)"
                : words + ")";
    }

    private static Map<String, String> loadIncludes() {
        Map<String, String> map = new HashMap<>();
        for (String[] row : ResourceCsv.read(SourceAdvisor.class, RESOURCE, "service,include")) {
            map.put(row[0], row[1].toLowerCase(Locale.ROOT));
        }
        return Map.copyOf(map);
    }
}
