package io.ruaflow.samples;

import java.util.List;

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

    private final long seed;
    private final List<PolicyDomain> domains;
    private final List<Sender> senders;
    private final List<DkimKey> dkimKeys;
    private final List<SpfRecord> spfRecords;
    private final List<String> missingSelectors;

    private SampleWorld(long seed, int domainCount) {
        WorldBuilder b = new WorldBuilder(seed, domainCount);
        this.seed = seed;
        this.domains = List.copyOf(b.domains);
        this.senders = List.copyOf(b.senders);
        this.dkimKeys = List.copyOf(b.dkimKeys);
        this.spfRecords = List.copyOf(b.spfRecords);
        this.missingSelectors = List.copyOf(b.missingSelectors);
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
}
