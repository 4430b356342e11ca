package io.ruaflow.samples;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A deterministic model of a small internet, built from a seed: policy domains with their published DMARC policy,
 * and every host that sends mail in their name — their own servers, hosted mail and bulk-mail services, a
 * mis-configured service, mailing-list forwarders and spoofers. All addresses come from documentation ranges
 * (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) or the shared address space 100.64.0.0/10, so
 * nothing here is routable.
 *
 * <p>The same seed and domain count always give the same world. {@link SampleZone} writes the DNS that makes the
 * world's SPF and DKIM results true; {@link SampleGenerator} writes the reports receivers send about it.
 */
public final class SampleWorld {
    /** Bounds {@code domainCount}: each domain gets its own block of 198.51.100.0/24 for its own servers. */
    public static final int MAX_DOMAINS = 24;

    /** Where every sample domain sends its aggregate reports ({@code rua=}). */
    public static final String RUA_ADDRESS = "dmarc-reports@rua.ruaflow.example";

    /** Who a sender is, which decides how its mail fares under DMARC. */
    public enum SenderKind {
        /** The domain's own mail server: SPF and DKIM aligned (one signature may use a revoked or missing key). */
        OWN_SERVER,
        /** A hosted mail or bulk-mail service set up properly: aligned SPF, aligned DKIM or both. */
        SERVICE,
        /** A service whose SPF passes for its own bounce domain and whose DKIM signs its own domain: no alignment. */
        MISCONFIGURED,
        /** A mailing list or forwarder: the original aligned DKIM signature survives (mostly), SPF fails. */
        FORWARDER,
        /** Someone else using the domain in From: nothing passes. */
        SPOOFER
    }

    /**
     * A domain that publishes a DMARC policy. {@code name} is the ASCII (A-label) form used in DNS and reports,
     * {@code displayName} the Unicode form for IDNs. Fields other than {@code name}, {@code p} and
     * {@code spfAll} may be null when the record leaves them out.
     */
    public record PolicyDomain(
            String name,
            String displayName,
            String p,
            String sp,
            String np,
            String adkim,
            String aspf,
            Integer pct,
            String fo,
            String testing,
            String spfAll) {

        /** The TXT record at {@code _dmarc.<name>}. */
        public String dmarcRecord() {
            StringBuilder b = new StringBuilder("v=DMARC1; p=").append(p);
            if (sp != null) b.append("; sp=").append(sp);
            if (np != null) b.append("; np=").append(np);
            if (adkim != null) b.append("; adkim=").append(adkim);
            if (aspf != null) b.append("; aspf=").append(aspf);
            if (pct != null) b.append("; pct=").append(pct);
            if (fo != null) b.append("; fo=").append(fo);
            if (testing != null) b.append("; t=").append(testing);
            return b.append("; rua=mailto:").append(RUA_ADDRESS).toString();
        }
    }

    /** A DKIM signature a sender puts on its mail and the result a receiver finds for it. */
    public record Signature(String domain, String selector, String result) {}

    /**
     * One sending host as seen by receivers of mail with {@code From: <anything>@policyDomain}.
     *
     * @param label a short human description ("own server", "Workspace-like hosted mail", …)
     * @param envelopeFrom the MAIL FROM domain; {@code spfResult} is the SPF result for it from {@code ip}
     * @param ptr the reverse DNS name of {@code ip}, or null when it has none
     * @param forwardConfirmed whether {@code ptr} resolves back to {@code ip}
     * @param dailyVolume messages per day across all receivers, before noise and weekend dips
     * @param newcomer true when the sender only appears in the last week of a sample period
     */
    public record Sender(
            String policyDomain,
            SenderKind kind,
            String label,
            String ip,
            String envelopeFrom,
            String spfResult,
            List<Signature> signatures,
            String ptr,
            boolean forwardConfirmed,
            int dailyVolume,
            boolean newcomer) {
        public Sender {
            signatures = List.copyOf(signatures);
        }
    }

    /** A DKIM key published (or revoked) at {@code <selector>._domainkey.<domain>}. */
    public record DkimKey(String domain, String selector, String keyType, String publicKey) {
        /** The TXT record text; an empty {@code publicKey} is a revoked key ({@code p=}). */
        public String txt() {
            return "v=DKIM1; k=" + keyType + "; p=" + publicKey;
        }
    }

    /** An SPF record (and nothing else) at {@code name}. */
    public record SpfRecord(String name, String txt) {}

    private static final String[][] FIXED_DOMAINS = {
        // name, p, sp, np, adkim, aspf, pct, fo, testing, all
        {"example-shop.com", "reject", null, null, "r", "r", "100", "1", null, "-all"},
        {"news.example.org", "quarantine", "none", null, "r", "r", "50", null, null, "~all"},
        {"example-bakery.co.uk", "none", null, "reject", "r", "r", null, "1", null, "~all"},
        {"bücherstube.de", "quarantine", "none", "reject", "s", "r", null, null, "y", "-all"},
    };

    // Services used by many domains: name, SPF domain, IPv4 prefix, first host, range, IPv6 prefix, PTR suffix.
    static final String WORKSPACE_SPF = "_spf.workspace-mail.example.net";
    static final String HOSTED_EXCHANGE_SPF = "spf.hosted-exchange.example.net";
    static final String BULK_SPF = "sendgrid.bulkmail.example.net";
    static final String NEWSLETTER_BOUNCE = "bounce.newsletter-esp.example.net";
    static final String SES_SPF = "amazonses.cloudmail.example.net";
    static final String CRM_DOMAIN = "crm-tool.example.net";
    static final String CRM_BOUNCE = "bounces.crm-tool.example.net";
    static final String LIST_DOMAIN = "lists.example-list.net";

    private final long seed;
    private final List<PolicyDomain> domains = new ArrayList<>();
    private final List<Sender> senders = new ArrayList<>();
    private final List<DkimKey> dkimKeys = new ArrayList<>();
    private final List<SpfRecord> spfRecords = new ArrayList<>();
    private final List<String> missingSelectors = new ArrayList<>();

    private SampleWorld(long seed, int domainCount) {
        this.seed = seed;
        Random random = new Random(seed);
        spfRecords.add(new SpfRecord(WORKSPACE_SPF, "v=spf1 ip4:192.0.2.0/27 ip6:2001:db8:4860::/48 ~all"));
        spfRecords.add(new SpfRecord(HOSTED_EXCHANGE_SPF, "v=spf1 ip4:192.0.2.32/27 ip6:2001:db8:a0::/48 -all"));
        spfRecords.add(new SpfRecord(BULK_SPF, "v=spf1 ip4:192.0.2.64/27 -all"));
        spfRecords.add(new SpfRecord(NEWSLETTER_BOUNCE, "v=spf1 ip4:192.0.2.96/27 ~all"));
        spfRecords.add(new SpfRecord(SES_SPF, "v=spf1 ip4:192.0.2.128/26 ip6:2001:db8:5e5::/48 -all"));
        spfRecords.add(new SpfRecord(CRM_BOUNCE, "v=spf1 ip4:203.0.113.0/28 -all"));
        spfRecords.add(new SpfRecord(LIST_DOMAIN, "v=spf1 ip4:198.51.100.240/29 -all"));
        dkimKeys.add(new DkimKey(CRM_DOMAIN, "crm", "rsa", DkimKeys.RSA_1024_B));
        for (int i = 0; i < domainCount; i++) {
            addDomain(i, random);
        }
    }

    /**
     * Builds the world for {@code seed} with {@code domainCount} policy domains (1 to {@value #MAX_DOMAINS}). The
     * first four are example-shop.com, news.example.org, example-bakery.co.uk and bücherstube.de (an IDN); more
     * are named brand5.example.net and so on.
     */
    public static SampleWorld fromSeed(long seed, int domainCount) {
        if (domainCount < 1 || domainCount > MAX_DOMAINS) {
            throw new IllegalArgumentException(
                    "domain count must be between 1 and MAX_DOMAINS=" + MAX_DOMAINS + ": " + domainCount);
        }
        return new SampleWorld(seed, domainCount);
    }

    public long seed() {
        return seed;
    }

    public List<PolicyDomain> domains() {
        return List.copyOf(domains);
    }

    /** Every sender, grouped by policy domain in the order of {@link #domains()}. */
    public List<Sender> senders() {
        return List.copyOf(senders);
    }

    public List<Sender> sendersFor(String policyDomain) {
        return senders.stream()
                .filter(s -> s.policyDomain().equals(policyDomain))
                .toList();
    }

    /** Every DKIM key record in the zone, including revoked ones (empty key). */
    public List<DkimKey> dkimKeys() {
        return List.copyOf(dkimKeys);
    }

    /** SPF records of the policy domains, their return-path subdomains and the services. */
    public List<SpfRecord> spfRecords() {
        return List.copyOf(spfRecords);
    }

    /** {@code selector._domainkey.domain} names that senders sign with but that have no record in the zone. */
    public List<String> missingSelectors() {
        return List.copyOf(missingSelectors);
    }

    /** The domain named {@code name} (A-label form), or an exception naming the known ones. */
    public PolicyDomain domain(String name) {
        return domains.stream()
                .filter(d -> d.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sample domain " + name + " in "
                        + domains.stream().map(PolicyDomain::name).toList()));
    }

    private void addDomain(int index, Random random) {
        PolicyDomain d = policyDomain(index, random);
        domains.add(d);
        String name = d.name();
        boolean strictSpf = d.spfAll().equals("-all");
        String forwardedSpf = strictSpf ? "fail" : "softfail";
        String ownV4a = "198.51.100." + (10 + index * 8);
        String ownV4b = "198.51.100." + (11 + index * 8);
        String ownV6 = "2001:db8:" + Integer.toHexString(0x100 + index) + "::25";

        // Which services this domain uses: the first four are fixed so the demo tells a story.
        boolean workspace = index == 0 || index == 3 || (index >= 4 && random.nextBoolean());
        boolean exchange = index == 1 || index == 2 || (index >= 4 && !workspace);
        boolean bulk = index == 0 || index == 2 || (index >= 4 && random.nextBoolean());
        boolean newsletter = index == 1 || index == 2 || (index >= 4 && random.nextInt(3) == 0);
        boolean ses = index == 0 || (index >= 4 && random.nextInt(3) == 0);
        boolean crm = index == 0 || index == 2 || (index >= 4 && random.nextBoolean());
        int newcomerService = index == 2 ? 2 : index == 0 ? -1 : random.nextInt(4); // 2 = newsletter

        StringBuilder spf = new StringBuilder("v=spf1 mx ip4:")
                .append(ownV4b)
                .append(" ip6:")
                .append(ownV6);
        if (workspace) spf.append(" include:").append(WORKSPACE_SPF);
        if (exchange) spf.append(" include:").append(HOSTED_EXCHANGE_SPF);
        spf.append(' ').append(d.spfAll());
        spfRecords.add(new SpfRecord(name, spf.toString()));
        spfRecords.add(new SpfRecord("mail." + name, "v=spf1 a -all"));

        // Own servers: mail.<d> (MX, v4 and v6) and a second host listed by ip4.
        String ownSelector = "mail" + (2025 + index % 2);
        dkimKeys.add(new DkimKey(name, ownSelector, "rsa", index % 2 == 0 ? DkimKeys.RSA_2048_A : DkimKeys.RSA_2048_B));
        List<Signature> ownSigs = new ArrayList<>(List.of(new Signature(name, ownSelector, "pass")));
        if (index == 0) {
            dkimKeys.add(new DkimKey(name, "ed2026", "ed25519", DkimKeys.ED25519_A));
            ownSigs.add(new Signature(name, "ed2026", "pass"));
        }
        add(
                name,
                SenderKind.OWN_SERVER,
                "own mail server",
                ownV4a,
                name,
                "pass",
                ownSigs,
                "mail." + name,
                true,
                300,
                random);
        add(
                name,
                SenderKind.OWN_SERVER,
                "own mail server (IPv6)",
                ownV6,
                name,
                "pass",
                ownSigs,
                "mail." + name,
                true,
                120,
                random);
        // The second own host still signs with an old key: revoked on even domains, missing on odd ones.
        String oldSelector = index % 2 == 0 ? "old2024" : "legacy";
        if (index % 2 == 0) {
            dkimKeys.add(new DkimKey(name, oldSelector, "rsa", ""));
        } else {
            missingSelectors.add(oldSelector + "._domainkey." + name);
        }
        add(
                name,
                SenderKind.OWN_SERVER,
                "legacy application server",
                ownV4b,
                name,
                "pass",
                List.of(new Signature(name, oldSelector, index % 2 == 0 ? "fail" : "permerror")),
                "app." + name,
                index % 3 != 1,
                60,
                random);

        if (workspace) {
            dkimKeys.add(new DkimKey(name, "google", "rsa", DkimKeys.RSA_2048_C));
            for (int h = 0; h < 3; h++) {
                int host = 1 + random.nextInt(30);
                add(
                        name,
                        SenderKind.SERVICE,
                        "Workspace-like hosted mail",
                        "192.0.2." + host,
                        name,
                        "pass",
                        List.of(new Signature(name, "google", "pass")),
                        "mail-sor-f" + host + ".workspace-mail.example.net",
                        true,
                        900,
                        random);
            }
        }
        if (exchange) {
            dkimKeys.add(new DkimKey(name, "selector1", "rsa", DkimKeys.RSA_2048_A));
            dkimKeys.add(new DkimKey(name, "selector2", "rsa", DkimKeys.RSA_1024_A));
            for (int h = 0; h < 3; h++) {
                int host = 33 + random.nextInt(30);
                add(
                        name,
                        SenderKind.SERVICE,
                        "365-like hosted mail",
                        "192.0.2." + host,
                        name,
                        "pass",
                        List.of(new Signature(name, h == 2 ? "selector2" : "selector1", "pass")),
                        "mail-eopbgr" + host + ".outbound.hosted-exchange.example.net",
                        true,
                        700,
                        random);
            }
            add(
                    name,
                    SenderKind.SERVICE,
                    "365-like hosted mail (IPv6)",
                    "2001:db8:a0::" + Integer.toHexString(0x10 + index),
                    name,
                    "pass",
                    List.of(new Signature(name, "selector1", "pass")),
                    "mail-eopbgr-v6.outbound.hosted-exchange.example.net",
                    true,
                    200,
                    random);
        }
        if (bulk) {
            String returnPath = "em" + (100 + index) + "." + name;
            spfRecords.add(new SpfRecord(returnPath, "v=spf1 include:" + BULK_SPF + " -all"));
            dkimKeys.add(new DkimKey(name, "s1", "rsa", DkimKeys.RSA_1024_B));
            for (int h = 0; h < 2; h++) {
                int host = 65 + random.nextInt(30);
                add(
                        name,
                        SenderKind.SERVICE,
                        "SendGrid-like bulk mail",
                        "192.0.2." + host,
                        returnPath,
                        "pass",
                        List.of(new Signature(name, "s1", "pass")),
                        "o" + host + ".bulkmail.example.net",
                        true,
                        2500,
                        newcomerService == 0 && h == 0,
                        random);
            }
        }
        if (newsletter) {
            dkimKeys.add(new DkimKey(name, "k1", "rsa", DkimKeys.RSA_1024_A));
            int host = 97 + random.nextInt(30);
            add(
                    name,
                    SenderKind.SERVICE,
                    "Mailchimp-like newsletters",
                    "192.0.2." + host,
                    NEWSLETTER_BOUNCE,
                    "pass",
                    List.of(new Signature(name, "k1", "pass")),
                    "mail" + host + ".newsletter-esp.example.net",
                    true,
                    1500,
                    newcomerService == 2,
                    random);
        }
        if (ses) {
            String returnPath = "bounce." + name;
            spfRecords.add(new SpfRecord(returnPath, "v=spf1 include:" + SES_SPF + " -all"));
            dkimKeys.add(new DkimKey(name, "ses2048", "rsa", DkimKeys.RSA_2048_C));
            int host = 129 + random.nextInt(60);
            add(
                    name,
                    SenderKind.SERVICE,
                    "SES-like transactional mail",
                    "192.0.2." + host,
                    returnPath,
                    "pass",
                    List.of(new Signature(name, "ses2048", "pass")),
                    "a192-0-2-" + host + ".smtp-out.cloudmail.example.net",
                    true,
                    1800,
                    newcomerService == 3,
                    random);
        }
        if (crm) {
            int host = 1 + random.nextInt(14);
            add(
                    name,
                    SenderKind.MISCONFIGURED,
                    "CRM tool without custom return path or DKIM",
                    "203.0.113." + host,
                    CRM_BOUNCE,
                    "pass",
                    List.of(new Signature(CRM_DOMAIN, "crm", "pass")),
                    "out" + host + ".crm-tool.example.net",
                    true,
                    150,
                    newcomerService == 1,
                    random);
        }
        // Forwarders: a mailing list (DKIM survives) and a university alias that breaks DKIM.
        String ownSelectorSig = ownSelector;
        add(
                name,
                SenderKind.FORWARDER,
                "mailing list",
                "198.51.100." + (241 + index % 6),
                name,
                forwardedSpf,
                List.of(new Signature(name, ownSelectorSig, "pass")),
                LIST_DOMAIN,
                true,
                25,
                random);
        add(
                name,
                SenderKind.FORWARDER,
                "alumni forwarding that rewrites the body",
                "198.51.100." + (200 + index),
                name,
                forwardedSpf,
                List.of(new Signature(name, ownSelectorSig, "fail")),
                "fwd.alumni.example.edu",
                false,
                8,
                random);
        // Spoofers: nothing passes.
        int spoofers = 3 + random.nextInt(3);
        for (int s = 0; s < spoofers; s++) {
            int host = 64 + random.nextInt(190);
            boolean ownFrom = random.nextBoolean();
            String ptr = random.nextInt(3) == 0 ? null : "dynamic-203-0-113-" + host + ".isp.example";
            add(
                    name,
                    SenderKind.SPOOFER,
                    "unknown sender",
                    "203.0.113." + host,
                    ownFrom ? name : "mailer" + host + ".bulk-offers.example",
                    ownFrom ? forwardedSpf : "none",
                    random.nextBoolean() ? List.of() : List.of(new Signature(name, "default", "fail")),
                    ptr,
                    false,
                    2 + random.nextInt(20),
                    false,
                    random);
        }
        add(
                name,
                SenderKind.SPOOFER,
                "new spoofing campaign",
                "2001:db8:bad:" + Integer.toHexString(index) + "::" + Integer.toHexString(1 + random.nextInt(200)),
                name,
                forwardedSpf,
                List.of(),
                null,
                false,
                40 + random.nextInt(60),
                true,
                random);
    }

    private void add(
            String domain,
            SenderKind kind,
            String label,
            String ip,
            String envelopeFrom,
            String spfResult,
            List<Signature> signatures,
            String ptr,
            boolean forwardConfirmed,
            int volume,
            Random random) {
        add(domain, kind, label, ip, envelopeFrom, spfResult, signatures, ptr, forwardConfirmed, volume, false, random);
    }

    private void add(
            String domain,
            SenderKind kind,
            String label,
            String ip,
            String envelopeFrom,
            String spfResult,
            List<Signature> signatures,
            String ptr,
            boolean forwardConfirmed,
            int volume,
            boolean newcomer,
            Random random) {
        int scaled = Math.max(1, volume / 2 + random.nextInt(volume));
        senders.add(new Sender(
                domain, kind, label, ip, envelopeFrom, spfResult, signatures, ptr, forwardConfirmed, scaled, newcomer));
    }

    private static PolicyDomain policyDomain(int index, Random random) {
        if (index < FIXED_DOMAINS.length) {
            String[] f = FIXED_DOMAINS[index];
            return new PolicyDomain(
                    IDN.toASCII(f[0]),
                    f[0],
                    f[1],
                    f[2],
                    f[3],
                    f[4],
                    f[5],
                    f[6] == null ? null : Integer.valueOf(f[6]),
                    f[7],
                    f[8],
                    f[9]);
        }
        String name = String.format(Locale.ROOT, "brand%d.example.net", index + 1);
        String[] policies = {"none", "quarantine", "reject"};
        return new PolicyDomain(
                name,
                name,
                policies[random.nextInt(3)],
                null,
                null,
                "r",
                "r",
                100,
                null,
                null,
                random.nextBoolean() ? "-all" : "~all");
    }
}
