package io.ruaflow.samples;

import io.ruaflow.samples.SampleWorld.DkimKey;
import io.ruaflow.samples.SampleWorld.PolicyDomain;
import io.ruaflow.samples.SampleWorld.Sender;
import io.ruaflow.samples.SampleWorld.SenderKind;
import io.ruaflow.samples.SampleWorld.Signature;
import io.ruaflow.samples.SampleWorld.SpfRecord;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Builds the contents of a {@link SampleWorld}: which services each domain uses, the addresses and names of
 * its senders, their SPF and DKIM outcomes and the DNS records that make those outcomes true. Everything is
 * drawn from one {@link Random} in a fixed order, so a seed always gives the same world.
 */
final class WorldBuilder {
    private static final String[][] FIXED_DOMAINS = {
        // name, p, sp, np, adkim, aspf, pct, fo, testing, all
        {"example-shop.com", "reject", null, null, "r", "r", "100", "1", null, "-all"},
        {"news.example.org", "quarantine", "none", null, "r", "r", "50", null, null, "~all"},
        {"example-bakery.co.uk", "none", null, "reject", "r", "r", null, "1", null, "~all"},
        {"bücherstube.de", "quarantine", "none", "reject", "s", "r", null, null, "y", "-all"},
    };

    // The SPF domains of services many policy domains use.
    static final String WORKSPACE_SPF = "_spf.workspace-mail.example.net";
    static final String HOSTED_EXCHANGE_SPF = "spf.hosted-exchange.example.net";
    static final String BULK_SPF = "sendgrid.bulkmail.example.net";
    static final String NEWSLETTER_BOUNCE = "bounce.newsletter-esp.example.net";
    static final String SES_SPF = "amazonses.cloudmail.example.net";
    static final String CRM_DOMAIN = "crm-tool.example.net";
    static final String CRM_BOUNCE = "bounces.crm-tool.example.net";
    static final String LIST_DOMAIN = "lists.example-list.net";

    final List<PolicyDomain> domains = new ArrayList<>();
    final List<Sender> senders = new ArrayList<>();
    final List<DkimKey> dkimKeys = new ArrayList<>();
    final List<SpfRecord> spfRecords = new ArrayList<>();
    final List<String> missingSelectors = new ArrayList<>();

    WorldBuilder(long seed, int domainCount) {
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
        add(
                name,
                SenderKind.FORWARDER,
                "mailing list",
                "198.51.100." + (241 + index % 6),
                name,
                forwardedSpf,
                List.of(new Signature(name, ownSelector, "pass")),
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
                List.of(new Signature(name, ownSelector, "fail")),
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
