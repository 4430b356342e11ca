package io.ruaflow.parser;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;

/**
 * IP address literals from untrusted text (reports, DNS records, URLs), parsed without touching the network.
 *
 * <p>One home because Guava's {@code isInetAddress} accepts an IPv6 zone ({@code fe80::1%eth0}) that its own
 * {@code forString} then resolves against this machine's interfaces and rejects with an unchecked exception: a
 * reporter, a TXT record or a URL could crash whichever caller checked with the one and parsed with the other.
 * A zone names an interface of the machine that wrote it, so it never identifies a sender: no literal with one
 * is an address here.
 */
public final class IpAddresses {
    /** Longer than any IPv6 literal with an embedded IPv4 tail (45 characters). */
    public static final int MAX_LITERAL_LENGTH = 45;

    private IpAddresses() {}

    /** The address the literal names, or null when it is no plain IPv4/IPv6 literal. */
    public static InetAddress parse(String literal) {
        if (literal == null
                || literal.isEmpty()
                || literal.length() > MAX_LITERAL_LENGTH
                || !onlyLiteralCharacters(literal)) {
            return null;
        }
        try {
            // One parse (isInetAddress then forString read every record's address twice); what fails it is rare
            // once host names and zones are kept out above, so the exception is too.
            return InetAddresses.forString(literal);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    /** Hex digits, dots and colons: all an IPv4 or IPv6 literal without a zone is made of. */
    private static boolean onlyLiteralCharacters(String literal) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@link #parse} accepts the literal. */
    public static boolean isLiteral(String literal) {
        return parse(literal) != null;
    }

    /** RFC 5952 text for IPv6 (an IPv4-mapped address as IPv4), dotted quad for IPv4; null for no literal. */
    public static String canonical(String literal) {
        if (isCanonicalDottedQuad(literal)) {
            return literal; // nearly every report's source: parsing it only to print it again made two objects more
        }
        InetAddress address = parse(literal);
        return address == null ? null : InetAddresses.toAddrString(address);
    }

    /** Four decimal octets 0 to 255, without leading zeros, joined by dots: what {@link #canonical} would print. */
    static boolean isCanonicalDottedQuad(String literal) {
        if (literal == null) {
            return false;
        }
        int length = literal.length();
        if (length < 7 || length > 15) {
            return false;
        }
        int octets = 0;
        int i = 0;
        while (i < length) {
            int start = i;
            int value = 0;
            while (i < length && i - start < 3) {
                char c = literal.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && literal.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (i == length) {
                break;
            }
            if (literal.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
        }
        return octets == 4 && literal.charAt(length - 1) != '.';
    }
}
