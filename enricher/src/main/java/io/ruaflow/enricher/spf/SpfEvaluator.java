package io.ruaflow.enricher.spf;

import com.google.common.net.InetAddresses;
import io.ruaflow.enricher.SpfResult;
import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * RFC 7208 {@code check_host()} over a {@link DnsClient}. Blocking: call it from a thread that may wait. Internal to
 * the enricher; the public face is {@link io.ruaflow.enricher.SpfChecker}.
 */
public final class SpfEvaluator {
    public static final String NONE = "none";
    public static final String NEUTRAL = "neutral";
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String SOFTFAIL = "softfail";
    public static final String TEMPERROR = "temperror";
    public static final String PERMERROR = "permerror";
    /** Terms that query DNS (include, a, mx, ptr, exists, redirect) allowed per check (RFC 7208 4.6.4). */
    public static final int MAX_DNS_TERMS = 10;
    /** Lookups answering NXDOMAIN or no records allowed per check (RFC 7208 4.6.4). */
    public static final int MAX_VOID_LOOKUPS = 2;
    /** MX names one mx mechanism may look up (RFC 7208 4.6.4). */
    public static final int MAX_MX_NAMES = 10;
    /** PTR names looked at by ptr and %{p} (RFC 7208 4.6.4). */
    public static final int MAX_PTR_NAMES = 10;

    static final int MAX_DOMAIN_LENGTH = 253;
    static final int MAX_LABEL_LENGTH = 63;

    private final DnsClient dns;

    public SpfEvaluator(DnsClient dns) {
        this.dns = dns;
    }

    /**
     * Evaluates {@code domain}'s policy for mail from {@code ip}. {@code sender} is the MAIL FROM address (a bare
     * domain or an empty local part means {@code postmaster}); when it is null or empty, {@code postmaster@helo} is
     * used, as RFC 7208 2.4 does for a null reverse path. {@code domain} null means the sender's domain.
     */
    public SpfResult checkHost(InetAddress ip, String domain, String sender, String helo) {
        return evaluate(ip, domain, sender, helo).result();
    }

    /**
     * A result and how long it stays true: until the first DNS answer it used leaves the client's cache, at most
     * {@value #MAX_RESULT_SECONDS} s (on {@link DnsClient#nanoTime()}'s clock).
     */
    public record Evaluation(SpfResult result, long validUntilNanos) {}

    /** How long a result that asked DNS nothing (an unusable domain) stays true. */
    public static final long MAX_RESULT_SECONDS = 3600;

    /** As {@link #checkHost}, with how long the result stays true. */
    public Evaluation evaluate(InetAddress ip, String domain, String sender, String helo) {
        Check check = new Check(ip, sender, helo);
        String target = domain == null ? check.senderDomain : stripDot(domain);
        if (!isValidDomain(target)) {
            return new Evaluation(
                    new SpfResult(NONE, null, null, List.of(), "not a usable domain: " + target),
                    check.validUntilNanos);
        }
        SpfResult result;
        try {
            Outcome outcome = check.evaluate(target, true);
            result = new SpfResult(outcome.result, outcome.mechanism, outcome.explanation, outcome.via, null);
        } catch (SpfException e) {
            result = new SpfResult(e.result(), null, null, List.of(), e.getMessage());
        }
        return new Evaluation(result, check.validUntilNanos);
    }

    static boolean isValidDomain(String domain) {
        if (domain == null || domain.isEmpty() || domain.length() > MAX_DOMAIN_LENGTH) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                return false;
            }
        }
        return !domain.startsWith("[");
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** {@code via}: the include and redirect targets through which the deciding term was reached, outermost first. */
    private record Outcome(String result, String mechanism, String explanation, List<String> via) {
        Outcome reachedThrough(String target) {
            List<String> chain = new ArrayList<>(via.size() + 1);
            chain.add(target);
            chain.addAll(via);
            return new Outcome(result, mechanism, explanation, chain);
        }
    }

    /** The state of one top-level check: limits are counted across includes and redirects. */
    private final class Check {
        final InetAddress ip;
        final byte[] ipBytes;
        final boolean ipv4;
        final String sender;
        final String localPart;
        final String senderDomain;
        final String helo;
        /** What the include that matched last was decided by; read right after {@link #matches} returns true. */
        Outcome matchedInclude;

        int dnsTerms;
        int voidLookups;
        /** The earliest time an answer this check used leaves the DNS cache. */
        long validUntilNanos = dns.nanoTime() + MAX_RESULT_SECONDS * 1_000_000_000L;

        Check(InetAddress ip, String sender, String helo) {
            byte[] raw = ip.getAddress();
            if (raw.length == 16 && IpBytes.isMappedV4(raw)) {
                raw = Arrays.copyOfRange(raw, 12, 16);
            }
            this.ipBytes = raw;
            this.ipv4 = raw.length == 4;
            this.ip = ipv4
                    ? InetAddresses.fromInteger(java.nio.ByteBuffer.wrap(raw).getInt())
                    : ip;
            this.helo = helo == null ? null : stripDot(helo);
            String s = sender == null || sender.isEmpty() ? "postmaster@" + this.helo : sender;
            int at = s.lastIndexOf('@');
            String local = at < 0 ? "" : s.substring(0, at);
            String dom = at < 0 ? s : s.substring(at + 1);
            this.localPart = local.isEmpty() ? "postmaster" : local;
            this.senderDomain = stripDot(dom);
            this.sender = this.localPart + "@" + this.senderDomain;
        }

        Outcome evaluate(String domain, boolean wantExplanation) throws SpfException {
            DnsAnswer answer = ask(domain, Type.TXT);
            if (answer.isTempError()) {
                throw SpfException.temp("TXT lookup for " + domain + " failed: " + answer.problem());
            }
            List<String> spf = new ArrayList<>();
            for (String txt : answer.texts()) {
                if (SpfRecord.isSpf(txt)) {
                    spf.add(txt);
                }
            }
            if (spf.isEmpty()) {
                return new Outcome(NONE, null, null, List.of());
            }
            if (spf.size() > 1) {
                throw SpfException.perm(domain + " publishes " + spf.size() + " SPF records");
            }
            SpfRecord record = SpfRecord.parse(spf.get(0));
            for (SpfRecord.Directive directive : record.directives) {
                if (matches(directive, domain)) {
                    String result = resultOf(directive.qualifier());
                    String explanation = null;
                    if (result.equals(FAIL) && wantExplanation && record.exp != null) {
                        explanation = explain(record.exp, domain);
                    }
                    List<String> via = directive.kind() == SpfRecord.Kind.INCLUDE ? matchedInclude.via() : List.of();
                    return new Outcome(result, directive.text(), explanation, via);
                }
            }
            if (record.redirect != null) {
                countDnsTerm("redirect=" + record.redirect);
                String target = expandDomain(record.redirect, domain);
                if (!isValidDomain(target)) {
                    throw SpfException.perm("redirect to an unusable domain: " + target);
                }
                Outcome redirected = evaluate(target, wantExplanation);
                if (redirected.result.equals(NONE)) {
                    throw SpfException.perm("redirect to " + target + ", which has no SPF record");
                }
                return redirected.reachedThrough(target);
            }
            return new Outcome(NEUTRAL, "default", null, List.of());
        }

        private boolean matches(SpfRecord.Directive d, String domain) throws SpfException {
            if (d.queriesDns()) {
                countDnsTerm(d.text());
            }
            switch (d.kind()) {
                case ALL:
                    return true;
                case IP4:
                case IP6:
                    return networkMatches(d);
                case INCLUDE:
                    return include(d, domain);
                case A:
                    return addressMatches(target(d, domain), d);
                case MX:
                    return mxMatches(target(d, domain), d);
                case PTR:
                    return ptrMatches(target(d, domain));
                case EXISTS:
                    return exists(target(d, domain));
                default:
                    throw new IllegalStateException(d.kind().name());
            }
        }

        private String target(SpfRecord.Directive d, String domain) throws SpfException {
            return d.domainSpec() == null ? domain : expandDomain(d.domainSpec(), domain);
        }

        private boolean networkMatches(SpfRecord.Directive d) {
            byte[] network = d.network();
            if (d.kind() == SpfRecord.Kind.IP4) {
                return ipv4 && IpBytes.prefixMatches(ipBytes, network, d.cidr4());
            }
            if (ipv4) {
                return false;
            }
            return IpBytes.prefixMatches(ipBytes, network, d.cidr6());
        }

        private boolean include(SpfRecord.Directive d, String domain) throws SpfException {
            String target = expandDomain(d.domainSpec(), domain);
            if (!isValidDomain(target)) {
                throw SpfException.perm("include of an unusable domain: " + target);
            }
            Outcome inner = evaluate(target, false);
            switch (inner.result) {
                case PASS:
                    matchedInclude = inner.reachedThrough(target);
                    return true;
                case FAIL:
                case SOFTFAIL:
                case NEUTRAL:
                    return false;
                case NONE:
                    throw SpfException.perm("include of " + target + ", which has no SPF record");
                default:
                    throw new IllegalStateException(inner.result);
            }
        }

        private boolean addressMatches(String target, SpfRecord.Directive d) throws SpfException {
            if (!isValidDomain(target)) {
                return false;
            }
            List<byte[]> addresses = addresses(target, true);
            for (byte[] address : addresses) {
                if (IpBytes.prefixMatches(ipBytes, address, ipv4 ? d.cidr4() : d.cidr6())) {
                    return true;
                }
            }
            return false;
        }

        private boolean mxMatches(String target, SpfRecord.Directive d) throws SpfException {
            if (!isValidDomain(target)) {
                return false;
            }
            DnsAnswer mx = lookup(target, Type.MX, true);
            if (mx.records().size() > MAX_MX_NAMES) {
                throw SpfException.perm(
                        target + " has " + mx.records().size() + " MX names, more than " + MAX_MX_NAMES);
            }
            for (Record record : mx.records()) {
                String host = stripDot(((MXRecord) record).getTarget().toString());
                if (host.isEmpty()) {
                    continue;
                }
                for (byte[] address : addresses(host, false)) {
                    if (IpBytes.prefixMatches(ipBytes, address, ipv4 ? d.cidr4() : d.cidr6())) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean ptrMatches(String target) {
            String wanted = target.toLowerCase(Locale.ROOT);
            for (String name : validatedNames()) {
                String n = name.toLowerCase(Locale.ROOT);
                if (n.equals(wanted) || n.endsWith("." + wanted)) {
                    return true;
                }
            }
            return false;
        }

        private boolean exists(String target) throws SpfException {
            if (!isValidDomain(target)) {
                return false;
            }
            return lookup(target, Type.A, true).status() == DnsAnswer.Status.ANSWER;
        }

        /** The A or AAAA addresses (by the client's family) of {@code name}. */
        private List<byte[]> addresses(String name, boolean countVoid) throws SpfException {
            DnsAnswer answer = lookup(name, ipv4 ? Type.A : Type.AAAA, countVoid);
            List<byte[]> addresses = new ArrayList<>();
            for (Record record : answer.records()) {
                if (record instanceof ARecord) {
                    addresses.add(((ARecord) record).getAddress().getAddress());
                } else if (record instanceof AAAARecord) {
                    addresses.add(((AAAARecord) record).getAddress().getAddress());
                }
            }
            return addresses;
        }

        private DnsAnswer ask(String name, int type) {
            return used(dns.query(name, type).join());
        }

        private DnsAnswer ask(org.xbill.DNS.Name name, int type) {
            return used(dns.query(name, type).join());
        }

        private DnsAnswer used(DnsAnswer answer) {
            if (DnsAnswer.isBefore(answer.validUntilNanos(), validUntilNanos)) {
                validUntilNanos = answer.validUntilNanos();
            }
            return answer;
        }

        private DnsAnswer lookup(String name, int type, boolean countVoid) throws SpfException {
            DnsAnswer answer = ask(name, type);
            if (answer.isTempError()) {
                throw SpfException.temp(Type.string(type) + " lookup for " + name + " failed: " + answer.problem());
            }
            if (countVoid && answer.isVoid() && ++voidLookups > MAX_VOID_LOOKUPS) {
                throw SpfException.perm("more than " + MAX_VOID_LOOKUPS + " void lookups (last: " + name + ")");
            }
            return answer;
        }

        /** PTR names of the client IP whose A/AAAA records lead back to it (first {@value #MAX_PTR_NAMES} only). */
        private List<String> validatedNames() {
            List<String> validated = new ArrayList<>();
            DnsAnswer ptr = ask(ReverseMap.fromAddress(ip), Type.PTR);
            if (ptr.isTempError()) {
                return validated;
            }
            if (ptr.isVoid()) {
                voidLookups++;
            }
            List<Record> records = ptr.records();
            for (Record record : records.subList(0, Math.min(records.size(), MAX_PTR_NAMES))) {
                String name = stripDot(((PTRRecord) record).getTarget().toString());
                DnsAnswer forward = ask(name, ipv4 ? Type.A : Type.AAAA);
                for (Record address : forward.records()) {
                    byte[] bytes = address instanceof ARecord
                            ? ((ARecord) address).getAddress().getAddress()
                            : ((AAAARecord) address).getAddress().getAddress();
                    if (Arrays.equals(bytes, ipBytes)) {
                        validated.add(name);
                        break;
                    }
                }
            }
            return validated;
        }

        private void countDnsTerm(String term) throws SpfException {
            if (++dnsTerms > MAX_DNS_TERMS) {
                throw SpfException.perm("more than " + MAX_DNS_TERMS + " DNS-querying terms (at " + term + ")");
            }
        }

        private String expandDomain(String spec, String domain) throws SpfException {
            String expanded = Macros.expand(spec, false, letter -> macroValue(letter, domain));
            expanded = stripDot(expanded);
            while (expanded.length() > MAX_DOMAIN_LENGTH && expanded.indexOf('.') >= 0) {
                expanded = expanded.substring(expanded.indexOf('.') + 1);
            }
            return expanded;
        }

        private String explain(String expSpec, String domain) {
            try {
                String target = expandDomain(expSpec, domain);
                if (!isValidDomain(target)) {
                    return null;
                }
                DnsAnswer answer = ask(target, Type.TXT);
                List<String> texts = answer.texts();
                if (texts.size() != 1) {
                    return null;
                }
                return Macros.expand(texts.get(0), true, letter -> macroValue(letter, domain));
            } catch (SpfException e) {
                return null;
            }
        }

        private String macroValue(char letter, String domain) {
            switch (letter) {
                case 's':
                    return sender;
                case 'l':
                    return localPart;
                case 'o':
                    return senderDomain;
                case 'd':
                    return domain;
                case 'i':
                    return ipv4 ? InetAddresses.toAddrString(ip) : IpBytes.nibbles(ipBytes);
                case 'p':
                    return validatedDomain(domain);
                case 'v':
                    return ipv4 ? "in-addr" : "ip6";
                case 'h':
                    return helo == null ? "unknown" : helo;
                case 'c':
                    return InetAddresses.toAddrString(ip);
                case 'r':
                    return "unknown";
                case 't':
                    return Long.toString(System.currentTimeMillis() / 1000);
                default:
                    throw new IllegalArgumentException("macro letter " + letter);
            }
        }

        private String validatedDomain(String domain) {
            List<String> names = validatedNames();
            String wanted = domain.toLowerCase(Locale.ROOT);
            for (String name : names) {
                if (name.equalsIgnoreCase(wanted)) {
                    return name;
                }
            }
            for (String name : names) {
                if (name.toLowerCase(Locale.ROOT).endsWith("." + wanted)) {
                    return name;
                }
            }
            return names.isEmpty() ? "unknown" : names.get(0);
        }
    }

    private static String resultOf(char qualifier) {
        switch (qualifier) {
            case '-':
                return FAIL;
            case '~':
                return SOFTFAIL;
            case '?':
                return NEUTRAL;
            default:
                return PASS;
        }
    }
}
