package io.ruaflow.parser;

import java.net.IDN;
import java.util.Locale;

/**
 * Domain names as people type them and as ruaflow keeps them: stored and compared in ASCII (IDNA punycode, lower
 * case, no trailing dot), shown in Unicode. {@code bücher.example}, {@code BÜCHER.example.} and
 * {@code xn--bcher-kva.example} are one domain.
 */
public final class DomainNames {
    private DomainNames() {}

    /** The stored, comparable form; {@code ""} for null or blank. A name IDNA refuses is kept as written. */
    public static String ascii(String domain) {
        String normalized = normalize(domain);
        return normalized == null ? "" : normalized;
    }

    /**
     * The comparable form of a domain or of an address's domain part (what follows the last {@code @}, angle
     * brackets and trailing dots removed); null for null or blank. A name IDNA refuses is kept as written.
     */
    public static String normalize(String domainOrAddress) {
        if (domainOrAddress == null) {
            return null;
        }
        String s = domainOrAddress.trim();
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        if (s.startsWith("<") || s.endsWith(">")) {
            s = s.replace("<", "").replace(">", "");
        }
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            return null;
        }
        if (isPlainAscii(s)) {
            return s.toLowerCase(Locale.ROOT);
        }
        try {
            s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // not IDNA-convertible: compare it as written
        }
        return s.toLowerCase(Locale.ROOT);
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

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
