package io.ruaflow.enricher;

import io.ruaflow.enricher.dmarc.TreeWalk;
import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.enricher.spf.SpfLint;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.Finding;
import io.ruaflow.parser.posture.MtaStsState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.xbill.DNS.Type;

/**
 * Reads a domain's published records from live DNS and lints them: DMARC ({@link DmarcLint}), SPF
 * ({@link SpfLint}), the DKIM keys of the selectors seen in reports, MTA-STS with its policy file fetched over HTTPS
 * and TLS-RPT ({@link MtaStsCheck}), and BIMI for presence and syntax. Blocking; safe for concurrent use. DNS and
 * HTTPS failures become findings, never exceptions.
 */
public final class PostureChecker implements AutoCloseable {
    /** Selectors looked up per check; the rest are skipped with an info finding. */
    public static final int MAX_SELECTORS = 200;

    private final DnsClient dns;
    private final TreeWalk treeWalk;
    private final SpfLint spf;
    private final MtaStsCheck mtaSts;
    private final Clock clock;

    private PostureChecker(DnsClient dns, StsPolicyFetcher fetcher, Clock clock) {
        this.dns = dns;
        this.treeWalk = new TreeWalk(dns);
        this.spf = new SpfLint(dns);
        this.mtaSts = new MtaStsCheck(dns, fetcher);
        this.clock = clock;
    }

    /** Fetches MTA-STS policies from port 443, trusting the JDK's default trust store. */
    public static PostureChecker withDns(DnsSettings settings) {
        DnsClient dns = new DnsClient(settings);
        return new PostureChecker(dns, new StsPolicyFetcher(dns), Clock.systemUTC());
    }

    /** For tests: MTA-STS policies fetched from {@code httpsPort}, trusting what {@code tls} trusts. */
    static PostureChecker withDns(DnsSettings settings, SSLSocketFactory tls, int httpsPort) {
        DnsClient dns = new DnsClient(settings);
        return new PostureChecker(dns, new StsPolicyFetcher(dns, tls, httpsPort), Clock.systemUTC());
    }

    /** A DKIM (domain, selector) pair seen in reports. */
    public record Selector(String domain, String selector) {}

    /**
     * Checks {@code domain} (a name or an address's domain part; IDNA is applied), and the DKIM keys of
     * {@code selectors}.
     *
     * @throws IllegalArgumentException if {@code domain} is not a usable domain name
     */
    public DomainPosture check(String domain, Collection<Selector> selectors) {
        String d = usable(domain);
        List<Finding> findings = new ArrayList<>();
        DmarcLint.Result dmarc = new DmarcLint(dns, treeWalk).lint(d);
        findings.addAll(dmarc.findings());
        SpfLint.Result spfResult = spf.lint(d);
        findings.addAll(spfResult.findings());
        findings.addAll(dkim(selectors));
        MtaStsState sts = mtaSts.check(d);
        findings.addAll(sts.findings());
        findings.addAll(OtherRecords.lint(dns, d));
        findings.sort(Comparator.comparing(Finding::severity));
        return new DomainPosture(
                d,
                clock.instant(),
                dmarc.record() == null ? null : dmarc.record().text(),
                dmarc.recordDomain(),
                spfResult.record(),
                spfResult.lookups(),
                findings,
                sts);
    }

    /**
     * Only the SMTP TLS part of {@link #check}: the {@code _mta-sts} record, its policy file over HTTPS matched
     * against the live MX hosts, and the {@code _smtp._tls} record.
     *
     * @throws IllegalArgumentException if {@code domain} is not a usable domain name
     */
    public MtaStsState mtaSts(String domain) {
        return mtaSts.check(usable(domain));
    }

    private static String usable(String domain) {
        String d = Domains.normalize(domain);
        if (d == null || !d.contains(".") || d.length() > 253 || !d.matches("[a-z0-9._-]+")) {
            throw new IllegalArgumentException("not a domain name: '" + domain + "'");
        }
        return d;
    }

    private List<Finding> dkim(Collection<Selector> selectors) {
        Set<Selector> distinct = new LinkedHashSet<>();
        for (Selector s : selectors) {
            String d = Domains.normalize(s.domain());
            if (d != null && s.selector() != null && !s.selector().isBlank()) {
                distinct.add(new Selector(d, s.selector().trim().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        List<Finding> findings = new ArrayList<>();
        int looked = 0;
        for (Selector s : distinct) {
            if (++looked > MAX_SELECTORS) {
                findings.add(Finding.info(
                        "dkim",
                        "dkim.skipped",
                        (distinct.size() - MAX_SELECTORS) + " more selectors not looked up (at most " + MAX_SELECTORS
                                + " per check)",
                        null));
                break;
            }
            String name = s.selector() + "._domainkey." + s.domain();
            DnsAnswer answer = dns.query(name, Type.TXT).join();
            DkimKeyCheck key = DkimKeys.check(s.domain(), s.selector(), answer);
            String record = answer.texts().isEmpty()
                    ? name
                    : name + " " + answer.texts().get(0);
            findings.addAll(DkimLint.findings(key, name, record));
        }
        return findings;
    }

    /**
     * The DNS lookups (RFC 7208 4.6.4) the domain's own SPF record spends now, counted through every include; null
     * when the domain publishes no single SPF record or DNS fails.
     */
    public Integer lookups(String domain) {
        String d = Domains.normalize(domain);
        if (d == null) {
            return null;
        }
        SpfLint.Result result = spf.lint(d);
        return result.record() == null ? null : result.lookups();
    }

    /**
     * The lookups {@code include:<target>} would add: one for the include and those of the target's record; null
     * when the target publishes no single SPF record or DNS fails.
     */
    public Integer includeCost(String target) {
        Integer inside = lookups(target);
        return inside == null ? null : 1 + inside;
    }

    @Override
    public void close() {
        dns.close();
    }

    /** The lint of one DKIM key check. */
    static final class DkimLint {
        /** RSA keys shorter than this are weak: receivers may ignore the signature (RFC 8301 3.2). */
        static final int WEAK_RSA_BITS = 1024;
        /** RSA keys shorter than this are below the recommended size (RFC 8301 3.2). */
        static final int RECOMMENDED_RSA_BITS = 2048;

        private DkimLint() {}

        static List<Finding> findings(DkimKeyCheck key, String name, String record) {
            List<Finding> findings = new ArrayList<>();
            switch (key.status()) {
                case FOUND -> {
                    Integer bits = key.keyBits();
                    if ("rsa".equals(key.keyType()) && bits != null && bits < WEAK_RSA_BITS) {
                        findings.add(Finding.error(
                                "dkim",
                                "dkim.weak",
                                name + ": " + bits + "-bit RSA key is weak; receivers may treat its signatures as"
                                        + " absent (RFC 8301): publish a 2048-bit key under a new selector",
                                record));
                    } else if ("rsa".equals(key.keyType()) && bits != null && bits < RECOMMENDED_RSA_BITS) {
                        findings.add(Finding.warning(
                                "dkim",
                                "dkim.short",
                                name + ": " + bits + "-bit RSA key; " + RECOMMENDED_RSA_BITS + " bits are recommended",
                                record));
                    } else {
                        findings.add(Finding.info(
                                "dkim", "dkim.ok", name + ": " + key.keyType() + " key, " + bits + " bits", record));
                    }
                }
                case MISSING -> findings.add(Finding.warning(
                        "dkim",
                        "dkim.vanished",
                        name + ": selector seen in reports has no key in DNS now; mail still signed with it fails"
                                + " DKIM",
                        record));
                case REVOKED -> findings.add(Finding.warning(
                        "dkim",
                        "dkim.revoked",
                        name + ": key revoked (empty p=); mail still signed with it fails DKIM",
                        record));
                case INVALID -> findings.add(Finding.error(
                        "dkim", "dkim.invalid", name + ": the key record does not parse (RFC 6376 3.6.1)", record));
                case TEMPERROR -> findings.add(
                        Finding.warning("dkim", "dkim.dns", name + ": DNS did not answer; try again later", record));
                case NO_SELECTOR -> {}
            }
            if (key.testing()) {
                findings.add(Finding.warning(
                        "dkim",
                        "dkim.testing",
                        name + ": t=y marks the key as testing; receivers may ignore failed signatures: remove t=y",
                        record));
            }
            return findings;
        }
    }
}
