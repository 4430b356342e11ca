package io.ruaflow.enricher;

import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.enricher.dns.ExpiringCache;
import io.ruaflow.enricher.spf.SpfEvaluator;
import io.ruaflow.parser.IpAddresses;
import java.net.InetAddress;

/**
 * RFC 7208 {@code check_host()} against live DNS, within the RFC's limits: {@value SpfEvaluator#MAX_DNS_TERMS}
 * DNS-querying terms, {@value SpfEvaluator#MAX_VOID_LOOKUPS} void lookups, {@value SpfEvaluator#MAX_MX_NAMES} MX
 * names per mx, the first {@value SpfEvaluator#MAX_PTR_NAMES} PTR names. DNS failures give temperror; nothing throws
 * for bad DNS data. {@link #check} blocks while it queries; it is safe to call from many threads at once. Answers are
 * cached for their TTL, and so is each result: the same check is answered again without evaluating until the first
 * DNS answer it used leaves the cache (a temperror is never kept). Mailboxes see the same sending IPs from every
 * reporter, day after day.
 */
public final class SpfChecker implements AutoCloseable {
    private final DnsClient dns;
    private final boolean ownsClient;
    private final SpfEvaluator evaluator;
    /** Results by {@link #key}. */
    private final ExpiringCache<SpfResult> results;

    private SpfChecker(DnsClient dns, boolean ownsClient) {
        this.dns = dns;
        this.ownsClient = ownsClient;
        this.evaluator = new SpfEvaluator(dns);
        this.results = new ExpiringCache<>(dns);
    }

    public static SpfChecker withDns(DnsSettings settings) {
        return new SpfChecker(new DnsClient(settings), true);
    }

    static SpfChecker sharing(DnsClient dns) {
        return new SpfChecker(dns, false);
    }

    /**
     * Checks {@code domain}'s SPF policy for mail from {@code ip}. {@code sender} is the MAIL FROM address (null or
     * empty for a null reverse path, then {@code postmaster@helo} is checked); {@code domain} null means the
     * sender's domain; {@code helo} may be null.
     *
     * @throws IllegalArgumentException if {@code ip} is not an IP address literal
     */
    public SpfResult check(String ip, String domain, String sender, String helo) {
        InetAddress address = ip == null ? null : IpAddresses.parse(ip.trim());
        if (address == null) {
            throw new IllegalArgumentException("not an IP address: " + ip);
        }
        return check(address, domain, sender, helo);
    }

    public SpfResult check(InetAddress ip, String domain, String sender, String helo) {
        String key = key(ip, domain, sender, helo);
        SpfResult known = results.get(key);
        if (known != null) {
            return known;
        }
        SpfEvaluator.Evaluation evaluation = evaluator.evaluate(ip, domain, sender, helo);
        if (SpfEvaluator.TEMPERROR.equals(evaluation.result().result())) {
            return evaluation.result();
        }
        return results.put(key, evaluation.result(), evaluation.validUntilNanos());
    }

    /** The result {@link #check} would give now if it is still cached, else null; never blocks. */
    public SpfResult cached(InetAddress ip, String domain, String sender, String helo) {
        return results.get(key(ip, domain, sender, helo));
    }

    private static String key(InetAddress ip, String domain, String sender, String helo) {
        return ip.getHostAddress() + '\n' + domain + '\n' + sender + '\n' + helo;
    }

    @Override
    public void close() {
        if (ownsClient) {
            dns.close();
        }
    }
}
