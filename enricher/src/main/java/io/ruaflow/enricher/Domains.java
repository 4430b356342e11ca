package io.ruaflow.enricher;

import com.google.common.net.InternetDomainName;
import io.ruaflow.parser.DomainNames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Domain names as DMARC compares them: ASCII (IDNA, so {@code bücher.example} and {@code xn--bcher-kva.example} are
 * the same), lower case, no trailing dot; Organizational Domains from the Public Suffix List.
 */
final class Domains {
    /** Organizational Domains remembered (the PSL walk is the costly part of alignment). */
    static final int MAX_REMEMBERED = 100_000;

    private static final Map<String, String> ORG_DOMAINS = new ConcurrentHashMap<>();

    private Domains() {}

    /** The comparable form of a domain or of an address's domain part; null for null or blank. */
    static String normalize(String domainOrAddress) {
        return DomainNames.normalize(domainOrAddress);
    }

    /**
     * The Organizational Domain (RFC 7489 3.2): the public suffix plus one label. A name that is itself a public
     * suffix is its own Organizational Domain; a name under no listed suffix uses its last label as the suffix (the
     * PSL's implicit {@code *} rule).
     */
    static String organizationalDomain(String domain) {
        String d = normalize(domain);
        if (d == null) {
            return null;
        }
        String known = ORG_DOMAINS.get(d);
        if (known != null) {
            return known;
        }
        String org = computeOrganizationalDomain(d);
        if (ORG_DOMAINS.size() >= MAX_REMEMBERED) {
            ORG_DOMAINS.clear();
        }
        ORG_DOMAINS.put(d, org);
        return org;
    }

    private static String computeOrganizationalDomain(String d) {
        try {
            InternetDomainName name = InternetDomainName.from(d);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
            if (name.isPublicSuffix()) {
                return d;
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // not a syntactically valid name for Guava: fall through to the label rule
        }
        int last = d.lastIndexOf('.');
        if (last < 0) {
            return d;
        }
        int secondLast = d.lastIndexOf('.', last - 1);
        return secondLast < 0 ? d : d.substring(secondLast + 1);
    }

    /** Whether {@code a} and {@code b} align: identical when strict, same Organizational Domain when relaxed. */
    static boolean aligned(String a, String b, boolean strict) {
        String x = normalize(a);
        String y = normalize(b);
        if (x == null || y == null) {
            return false;
        }
        if (x.equals(y)) {
            return true;
        }
        return !strict && organizationalDomain(x).equals(organizationalDomain(y));
    }
}
