package io.ruaflow.enricher.spf;

import com.google.common.net.InetAddresses;
import io.ruaflow.parser.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code v=spf1} record (RFC 7208 section 4.6): its directives and the redirect/exp modifiers. */
final class SpfRecord {
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9\\-_.]*)=(.*)", Pattern.DOTALL);
    private static final Pattern MECHANISM = Pattern.compile(
            "([+\\-~?]?)(all|include|a|mx|ptr|ip4|ip6|exists)(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern DUAL_CIDR = Pattern.compile("(.*?)(?:/([0-9]+))?(?://([0-9]+))?", Pattern.DOTALL);
    private static final Pattern CIDR_DIGITS = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern IP4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern TOPLABEL =
            Pattern.compile("[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9\\-]*[A-Za-z0-9]");

    enum Kind {
        ALL,
        INCLUDE,
        A,
        MX,
        PTR,
        IP4,
        IP6,
        EXISTS
    }

    /** One mechanism with its qualifier; {@code domainSpec} null means "the current domain". */
    record Directive(char qualifier, Kind kind, String domainSpec, byte[] network, int cidr4, int cidr6, String text) {
        boolean queriesDns() {
            return kind != Kind.ALL && kind != Kind.IP4 && kind != Kind.IP6;
        }
    }

    final List<Directive> directives;
    final String redirect;
    final String exp;

    private SpfRecord(List<Directive> directives, String redirect, String exp) {
        this.directives = directives;
        this.redirect = redirect;
        this.exp = exp;
    }

    /** Whether a TXT string is an SPF record: {@code v=spf1} then a space or the end. */
    static boolean isSpf(String txt) {
        return txt.length() >= 6
                && txt.regionMatches(true, 0, "v=spf1", 0, 6)
                && (txt.length() == 6 || txt.charAt(6) == ' ');
    }

    static SpfRecord parse(String txt) throws SpfException {
        List<Directive> directives = new ArrayList<>();
        String redirect = null;
        String exp = null;
        for (String term : txt.substring(6).split(" ")) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher modifier = MODIFIER.matcher(term);
            if (modifier.matches()) {
                String name = modifier.group(1).toLowerCase(Locale.ROOT);
                String value = modifier.group(2);
                if (name.equals("redirect") || name.equals("exp")) {
                    checkDomainSpec(value, term);
                    if (name.equals("redirect")) {
                        if (redirect != null) {
                            throw SpfException.perm("two redirect modifiers");
                        }
                        redirect = value;
                    } else {
                        if (exp != null) {
                            throw SpfException.perm("two exp modifiers");
                        }
                        exp = value;
                    }
                } else {
                    Macros.checkSyntax(value, false);
                }
                continue;
            }
            directives.add(parseDirective(term));
        }
        return new SpfRecord(List.copyOf(directives), redirect, exp);
    }

    private static Directive parseDirective(String term) throws SpfException {
        Matcher m = MECHANISM.matcher(term);
        if (!m.matches()) {
            throw SpfException.perm("unknown term " + term);
        }
        char qualifier = m.group(1).isEmpty() ? '+' : m.group(1).charAt(0);
        Kind kind = Kind.valueOf(m.group(2).toUpperCase(Locale.ROOT));
        String rest = m.group(3);
        switch (kind) {
            case ALL:
                if (!rest.isEmpty()) {
                    throw SpfException.perm("all takes no argument: " + term);
                }
                return new Directive(qualifier, kind, null, null, 32, 128, term);
            case INCLUDE:
            case EXISTS:
                if (!rest.startsWith(":") || rest.length() == 1) {
                    throw SpfException.perm(kind.name().toLowerCase(Locale.ROOT) + " needs a domain: " + term);
                }
                checkDomainSpec(rest.substring(1), term);
                return new Directive(qualifier, kind, rest.substring(1), null, 32, 128, term);
            case PTR:
                if (rest.isEmpty()) {
                    return new Directive(qualifier, kind, null, null, 32, 128, term);
                }
                if (!rest.startsWith(":")) {
                    throw SpfException.perm("bad ptr term: " + term);
                }
                checkDomainSpec(rest.substring(1), term);
                return new Directive(qualifier, kind, rest.substring(1), null, 32, 128, term);
            case A:
            case MX:
                return parseAddressMechanism(qualifier, kind, rest, term);
            case IP4:
                return parseIp(qualifier, kind, rest, term, 32);
            default:
                return parseIp(qualifier, kind, rest, term, 128);
        }
    }

    private static Directive parseAddressMechanism(char qualifier, Kind kind, String rest, String term)
            throws SpfException {
        Matcher cidr = DUAL_CIDR.matcher(rest);
        if (!cidr.matches()) {
            throw SpfException.perm("bad term " + term);
        }
        String domainPart = cidr.group(1);
        int cidr4 = cidrValue(cidr.group(2), 32, term);
        int cidr6 = cidrValue(cidr.group(3), 128, term);
        String domainSpec = null;
        if (!domainPart.isEmpty()) {
            if (!domainPart.startsWith(":") || domainPart.length() == 1) {
                throw SpfException.perm("bad term " + term);
            }
            domainSpec = domainPart.substring(1);
            checkDomainSpec(domainSpec, term);
        }
        return new Directive(qualifier, kind, domainSpec, null, cidr4, cidr6, term);
    }

    private static int cidrValue(String digits, int max, String term) throws SpfException {
        if (digits == null) {
            return max;
        }
        if (!CIDR_DIGITS.matcher(digits).matches() || digits.length() > 3 || Integer.parseInt(digits) > max) {
            throw SpfException.perm("bad CIDR length in " + term);
        }
        return Integer.parseInt(digits);
    }

    private static Directive parseIp(char qualifier, Kind kind, String rest, String term, int maxBits)
            throws SpfException {
        if (!rest.startsWith(":")) {
            throw SpfException.perm("bad term " + term);
        }
        String network = rest.substring(1);
        int bits = maxBits;
        int slash = network.indexOf('/');
        if (slash >= 0) {
            bits = cidrValue(network.substring(slash + 1), maxBits, term);
            network = network.substring(0, slash);
        }
        byte[] address;
        if (kind == Kind.IP4) {
            if (!IP4.matcher(network).matches()) {
                throw SpfException.perm("bad IPv4 network in " + term);
            }
            address = InetAddresses.forString(network).getAddress();
        } else {
            InetAddress parsed = network.contains(":") ? IpAddresses.parse(network) : null;
            if (parsed == null) {
                throw SpfException.perm("bad IPv6 network in " + term);
            }
            address = sixteenBytes(parsed);
        }
        return new Directive(qualifier, kind, null, address, bits, bits, term);
    }

    /** The 16-byte form, mapping an IPv4 address that Java parsed from {@code ::ffff:a.b.c.d} back to it. */
    static byte[] sixteenBytes(InetAddress address) {
        if (address instanceof Inet4Address) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
            return mapped;
        }
        return address.getAddress();
    }

    private static void checkDomainSpec(String spec, String term) throws SpfException {
        if (spec.isEmpty()) {
            throw SpfException.perm("empty domain in " + term);
        }
        if (Macros.checkSyntax(spec, false)) {
            return;
        }
        String name = spec.endsWith(".") ? spec.substring(0, spec.length() - 1) : spec;
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !TOPLABEL.matcher(name.substring(dot + 1)).matches()) {
            throw SpfException.perm("domain must end with a top-level label in " + term);
        }
    }
}
