package io.ruaflow.enricher;

import java.net.IDN;

/**
 * Domain names as people type them and as ruaflow keeps them: stored and compared in ASCII (IDNA punycode, lower
 * case, no trailing dot), shown in Unicode. {@code bücher.example}, {@code BÜCHER.example.} and
 * {@code xn--bcher-kva.example} are one domain.
 */
public final class DomainNames {
    private DomainNames() {}

    /** The stored, comparable form; {@code ""} for null or blank. A name IDNA refuses is kept as written. */
    public static String ascii(String domain) {
        String normalized = Domains.normalize(domain);
        return normalized == null ? "" : normalized;
    }

    /** The form to show a person: Unicode labels for punycode ones; a name IDNA refuses is returned as given. */
    public static String unicode(String domain) {
        if (domain == null) {
            return null;
        }
        try {
            return IDN.toUnicode(domain, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return domain;
        }
    }
}
