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
                || literal.indexOf('%') >= 0
                || !InetAddresses.isInetAddress(literal)) {
            return null;
        }
        return InetAddresses.forString(literal);
    }

    /** Whether {@link #parse} accepts the literal. */
    public static boolean isLiteral(String literal) {
        return parse(literal) != null;
    }

    /** RFC 5952 text for IPv6 (an IPv4-mapped address as IPv4), dotted quad for IPv4; null for no literal. */
    public static String canonical(String literal) {
        InetAddress address = parse(literal);
        return address == null ? null : InetAddresses.toAddrString(address);
    }
}
