package io.ruaflow.enricher;

import io.ruaflow.enricher.dmarc.TreeWalk;
import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.enricher.dns.ExpiringCache;
import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.IpAddresses;
import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.SpfAuthResult;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * Turns a report's records into {@link EnrichedRecord}s: alignment and the re-computed DMARC verdict from the
 * reporter's auth results, and, with DNS, a fresh SPF check, the DKIM keys, reverse DNS and the sending service.
 *
 * <p>DNS work is bounded by distinct values, not by records: within a call each distinct (source IP, SPF domain),
 * (DKIM domain, selector) and source IP is looked at once, all of them concurrently, and answers stay cached for
 * their TTL across calls. DNS failures show up as temperror values in the enrichment; {@link #enrich} does not
 * throw for them. Safe for concurrent use. {@link #close()} may be called more than once.
 *
 * <p>The SPF domain is the envelope_from domain, else the domain of the reporter's SPF result with scope mfrom (or
 * no scope), else, for a null reverse path, the domain of its helo result; never header_from, which would invent an
 * alignment. The fresh SPF check uses {@code postmaster@<spf domain>} as the sender, since reports carry no local
 * part.
 */
public final class Enricher implements RecordEnricher, AutoCloseable {
    private static final String PASS = "pass";

    private final DnsClient dns;
    private final SpfChecker spf;
    private final ExecutorService spfThreads;
    private final SendingServices services = SendingServices.load();
    private final Clock clock;
    private final OrgDomainMethod orgDomainMethod;
    private final TreeWalk treeWalk;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Reverse DNS outcomes by IP, kept until the first of the PTR and forward answers leaves the DNS cache: the
     * same senders recur in every report, and asking the cache again costs more than the answer.
     */
    private final ExpiringCache<Ptr> ptrs;

    private Enricher(DnsClient dns, Clock clock, OrgDomainMethod orgDomainMethod) {
        this.dns = dns;
        this.clock = clock;
        this.orgDomainMethod = orgDomainMethod;
        this.treeWalk = dns != null && orgDomainMethod == OrgDomainMethod.TREEWALK ? new TreeWalk(dns) : null;
        this.ptrs = dns == null ? null : new ExpiringCache<>(dns);
        if (dns == null) {
            this.spf = null;
            this.spfThreads = null;
        } else {
            this.spf = SpfChecker.sharing(dns);
            this.spfThreads = Executors.newFixedThreadPool(dns.settings().maxConcurrentQueries(), runnable -> {
                Thread thread = new Thread(runnable, "ruaflow-spf");
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /**
     * Alignment, DMARC re-computation and classification only; the DNS fields stay null and Organizational Domains
     * come from the Public Suffix List.
     */
    public static Enricher offline() {
        return new Enricher(null, Clock.systemUTC(), OrgDomainMethod.PSL);
    }

    /** With DNS, finding Organizational Domains by the RFC 9989 tree walk. */
    public static Enricher withDns(DnsSettings settings) {
        return withDns(settings, OrgDomainMethod.TREEWALK);
    }

    /**
     * With DNS, finding Organizational Domains by {@code method}. A tree walk that DNS cuts short falls back to the
     * Public Suffix List, and the record says so in {@link Enrichment#orgDomainMethod()}.
     */
    public static Enricher withDns(DnsSettings settings, OrgDomainMethod method) {
        return new Enricher(new DnsClient(settings), Clock.systemUTC(), method);
    }

    /** Enriches one batch of a report's records; {@code firstPosition} is the first record's index in the report. */
    @Override
    public List<EnrichedRecord> enrich(ReportHeader header, List<ReportRecord> records, long firstPosition) {
        Instant now = clock.instant();
        PolicyPublished policy = header.policyPublished();
        boolean strictSpf = policy != null && "s".equalsIgnoreCase(policy.aspf());
        boolean strictDkim = policy != null && "s".equalsIgnoreCase(policy.adkim());
        Lookups lookups = dns == null ? null : startLookups(records);
        OrgDomains orgDomains = treeWalk == null
                ? new OrgDomains(Map.of())
                : new OrgDomains(startWalks(records, strictSpf, strictDkim));
        List<EnrichedRecord> enriched = new ArrayList<>(records.size());
        long position = firstPosition;
        for (ReportRecord record : records) {
            enriched.add(EnrichedRecord.of(
                    header, position++, record, enrichOne(record, strictSpf, strictDkim, lookups, orgDomains, now)));
        }
        return enriched;
    }

    /**
     * Starts one tree walk per distinct domain whose Organizational Domain a record of the batch needs: every
     * header_from, and the SPF and passing DKIM domains that relaxed alignment compares with a different header_from.
     */
    private Map<String, CompletableFuture<TreeWalk.Walk>> startWalks(
            List<ReportRecord> records, boolean strictSpf, boolean strictDkim) {
        Map<String, CompletableFuture<TreeWalk.Walk>> walks = new HashMap<>();
        for (ReportRecord record : records) {
            String headerFrom = Domains.normalize(record.headerFrom());
            if (headerFrom == null) {
                continue;
            }
            walks.computeIfAbsent(headerFrom, treeWalk::walk);
            String spfDomain = spfDomain(record);
            if (!strictSpf && spfDomain != null && !spfDomain.equals(headerFrom)) {
                walks.computeIfAbsent(spfDomain, treeWalk::walk);
            }
            if (!strictDkim) {
                for (DkimAuthResult result : record.dkimResults()) {
                    String domain = Domains.normalize(result.domain());
                    if (domain != null && !domain.equals(headerFrom) && PASS.equalsIgnoreCase(result.result())) {
                        walks.computeIfAbsent(domain, treeWalk::walk);
                    }
                }
            }
        }
        return walks;
    }

    /**
     * Organizational Domains for one batch: from a complete tree walk when there is one, else from the Public
     * Suffix List. {@link #usedPsl} tells whether the list decided for any domain since the last {@link #reset}.
     */
    private static final class OrgDomains {
        private final Map<String, CompletableFuture<TreeWalk.Walk>> walks;
        private boolean usedPsl;

        OrgDomains(Map<String, CompletableFuture<TreeWalk.Walk>> walks) {
            this.walks = walks;
        }

        String of(String domain) {
            String d = Domains.normalize(domain);
            if (d == null) {
                return null;
            }
            CompletableFuture<TreeWalk.Walk> walk = walks.get(d);
            TreeWalk.Walk done = walk == null ? null : walk.join();
            if (done != null && done.complete()) {
                return done.organizationalDomain();
            }
            usedPsl = true;
            return Domains.organizationalDomain(d);
        }

        boolean aligned(String a, String b, boolean strict) {
            String x = Domains.normalize(a);
            String y = Domains.normalize(b);
            if (x == null || y == null) {
                return false;
            }
            if (x.equals(y)) {
                return true;
            }
            return !strict && of(x).equals(of(y));
        }

        void reset() {
            usedPsl = false;
        }

        OrgDomainMethod method() {
            return usedPsl ? OrgDomainMethod.PSL : OrgDomainMethod.TREEWALK;
        }
    }

    /** The futures of one batch, keyed by distinct value. */
    private static final class Lookups {
        final Map<String, CompletableFuture<SpfResult>> spf = new HashMap<>();
        final Map<String, CompletableFuture<DkimKeyCheck>> dkim = new HashMap<>();
        final Map<String, CompletableFuture<Ptr>> ptr = new HashMap<>();
    }

    private record Ptr(String name, Boolean confirmed) {}

    private Lookups startLookups(List<ReportRecord> records) {
        Lookups lookups = new Lookups();
        for (ReportRecord record : records) {
            InetAddress ip = parseIp(record.sourceIp());
            String spfDomain = spfDomain(record);
            if (ip != null && spfDomain != null) {
                lookups.spf.computeIfAbsent(ip.getHostAddress() + " " + spfDomain, k -> {
                    String sender = "postmaster@" + spfDomain;
                    SpfResult known = spf.cached(ip, spfDomain, sender, null);
                    return known != null
                            ? CompletableFuture.completedFuture(known)
                            : CompletableFuture.supplyAsync(() -> spf.check(ip, spfDomain, sender, null), spfThreads);
                });
            }
            if (ip != null) {
                lookups.ptr.computeIfAbsent(ip.getHostAddress(), k -> reverse(ip));
            }
            for (DkimAuthResult result : record.dkimResults()) {
                String domain = Domains.normalize(result.domain());
                String selector =
                        result.selector() == null ? null : result.selector().trim();
                if (domain != null && selector != null && !selector.isEmpty()) {
                    lookups.dkim.computeIfAbsent(keyOf(domain, selector), k -> dkimKey(domain, selector));
                }
            }
        }
        return lookups;
    }

    private CompletableFuture<DkimKeyCheck> dkimKey(String domain, String selector) {
        return dns.query(selector + "._domainkey." + domain, Type.TXT)
                .thenApply(answer -> DkimKeys.check(domain, selector, answer));
    }

    private CompletableFuture<Ptr> reverse(InetAddress ip) {
        String key = ip.getHostAddress();
        Ptr known = ptrs.get(key);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return dns.query(ReverseMap.fromAddress(ip), Type.PTR).thenCompose(answer -> {
            if (answer.isTempError()) {
                return CompletableFuture.completedFuture(new Ptr(null, null));
            }
            if (answer.records().isEmpty()) {
                return CompletableFuture.completedFuture(ptrs.put(key, new Ptr(null, false), answer.validUntilNanos()));
            }
            String name = ((PTRRecord) answer.records().get(0)).getTarget().toString(true);
            int type = ip.getAddress().length == 4 ? Type.A : Type.AAAA;
            return dns.query(name, type).thenApply(forward -> {
                Ptr ptr = new Ptr(name, contains(forward, ip));
                if (forward.isTempError()) {
                    return ptr;
                }
                return ptrs.put(key, ptr, ExpiringCache.earlier(forward.validUntilNanos(), answer.validUntilNanos()));
            });
        });
    }

    private static boolean contains(DnsAnswer forward, InetAddress ip) {
        for (Record record : forward.records()) {
            InetAddress address = record instanceof ARecord
                    ? ((ARecord) record).getAddress()
                    : record instanceof AAAARecord ? ((AAAARecord) record).getAddress() : null;
            if (ip.equals(address)) {
                return true;
            }
        }
        return false;
    }

    private Enrichment enrichOne(
            ReportRecord record,
            boolean strictSpf,
            boolean strictDkim,
            Lookups lookups,
            OrgDomains orgDomains,
            Instant now) {
        orgDomains.reset();
        String headerFrom = Domains.normalize(record.headerFrom());
        String headerFromOrg = orgDomains.of(headerFrom);
        String spfDomain = spfDomain(record);
        boolean spfAligned = spfDomain != null
                && orgDomains.aligned(spfDomain, headerFrom, strictSpf)
                && spfPassed(record, spfDomain);
        boolean dkimAligned = false;
        for (DkimAuthResult result : record.dkimResults()) {
            if (PASS.equalsIgnoreCase(result.result())) {
                dkimAligned |= orgDomains.aligned(result.domain(), headerFrom, strictDkim);
            }
        }
        boolean dmarcPass = spfAligned || dkimAligned;
        boolean reporterPass = PASS.equalsIgnoreCase(record.dkim()) || PASS.equalsIgnoreCase(record.spf());
        boolean anySpfPass = record.spfResults().stream().anyMatch(r -> PASS.equalsIgnoreCase(r.result()));

        String freshSpf = null;
        String freshMechanism = null;
        List<String> includes = List.of();
        List<DkimKeyCheck> keys = List.of();
        String ptrName = null;
        Boolean ptrConfirmed = null;
        String ptrBase = null;
        InetAddress ip = parseIp(record.sourceIp());
        if (lookups != null) {
            if (ip != null && spfDomain != null) {
                SpfResult result =
                        lookups.spf.get(ip.getHostAddress() + " " + spfDomain).join();
                freshSpf = result.result();
                freshMechanism = result.mechanism();
                // Only an include that actually authorized the IP says who is sending; the includes a failing
                // check walked through belong to the claimed domain, not to this source.
                includes = PASS.equals(result.result()) ? result.includes() : List.of();
            }
            keys = dkimKeys(record, lookups);
            if (ip != null) {
                Ptr ptr = lookups.ptr.get(ip.getHostAddress()).join();
                ptrName = ptr.name();
                ptrConfirmed = ptr.confirmed();
                ptrBase = ptrName == null ? null : Domains.organizationalDomain(ptrName);
            }
        }
        SendingServices.Service service = service(ptrName, includes, record);
        Classification classification = Classifier.classify(new Classifier.Facts(
                spfAligned,
                dkimAligned,
                spfFailed(record, spfDomain),
                anySpfPass,
                forwardingOverride(record),
                service == null ? null : service.type()));
        OrgDomainMethod decidedBy = treeWalk == null ? OrgDomainMethod.PSL : orgDomains.method();
        return new Enrichment(
                headerFromOrg,
                spfDomain,
                spfAligned,
                dkimAligned,
                dmarcPass,
                dmarcPass != reporterPass,
                freshSpf,
                freshMechanism,
                keys,
                ptrName,
                ptrConfirmed,
                ptrBase,
                service == null ? null : service.name(),
                service == null ? null : service.type(),
                classification,
                now,
                decidedBy);
    }

    private static List<DkimKeyCheck> dkimKeys(ReportRecord record, Lookups lookups) {
        List<DkimKeyCheck> keys = new ArrayList<>();
        for (DkimAuthResult result : record.dkimResults()) {
            String domain = Domains.normalize(result.domain());
            if (domain == null) {
                continue;
            }
            String selector =
                    result.selector() == null ? null : result.selector().trim();
            if (selector == null || selector.isEmpty()) {
                keys.add(new DkimKeyCheck(domain, null, DkimKeyStatus.NO_SELECTOR, null, null, false));
            } else {
                keys.add(lookups.dkim.get(keyOf(domain, selector)).join());
            }
        }
        return keys;
    }

    /** PTR name first, then the SPF include chain, then the domains the reporter saw authenticate. */
    private SendingServices.Service service(String ptrName, List<String> includes, ReportRecord record) {
        List<String> candidates = new ArrayList<>();
        if (ptrName != null) {
            candidates.add(ptrName);
        }
        candidates.addAll(includes);
        for (DkimAuthResult result : record.dkimResults()) {
            if (PASS.equalsIgnoreCase(result.result())) {
                candidates.add(result.domain());
            }
        }
        for (SpfAuthResult result : record.spfResults()) {
            if (PASS.equalsIgnoreCase(result.result())) {
                candidates.add(result.domain());
            }
        }
        for (String candidate : candidates) {
            SendingServices.Service service = services.find(candidate);
            if (service != null) {
                return service;
            }
        }
        return null;
    }

    private static boolean forwardingOverride(ReportRecord record) {
        for (OverrideReason reason : record.reasons()) {
            if (reason.type() != null
                    && Classifier.FORWARDING_OVERRIDES.contains(
                            reason.type().trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the reporter's SPF check refused the sending host: the result for the MAIL FROM domain (any result
     * when none names it) is fail or softfail, or policy_evaluated says SPF failed with no result given.
     */
    private static boolean spfFailed(ReportRecord record, String spfDomain) {
        String result = null;
        for (SpfAuthResult r : record.spfResults()) {
            if (result == null || (spfDomain != null && spfDomain.equals(Domains.normalize(r.domain())))) {
                result = r.result();
            }
        }
        if (result == null) {
            return false;
        }
        String word = result.trim().toLowerCase(Locale.ROOT);
        return word.equals("fail") || word.equals("softfail");
    }

    /** See the class comment for the order. Null when nothing names a MAIL FROM domain. */
    static String spfDomain(ReportRecord record) {
        String envelope = Domains.normalize(record.envelopeFrom());
        if (envelope != null) {
            return envelope;
        }
        for (SpfAuthResult result : record.spfResults()) {
            if (result.scope() == null || "mfrom".equalsIgnoreCase(result.scope())) {
                String domain = Domains.normalize(result.domain());
                if (domain != null) {
                    return domain;
                }
            }
        }
        for (SpfAuthResult result : record.spfResults()) {
            String domain = Domains.normalize(result.domain());
            if (domain != null) {
                return domain;
            }
        }
        return null;
    }

    private static boolean spfPassed(ReportRecord record, String spfDomain) {
        for (SpfAuthResult result : record.spfResults()) {
            if (PASS.equalsIgnoreCase(result.result()) && spfDomain.equals(Domains.normalize(result.domain()))) {
                return true;
            }
        }
        return false;
    }

    private static String keyOf(String domain, String selector) {
        return domain + " " + selector.toLowerCase(Locale.ROOT);
    }

    private static InetAddress parseIp(String sourceIp) {
        return sourceIp == null ? null : IpAddresses.parse(sourceIp.trim());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && dns != null) {
            spfThreads.shutdownNow();
            dns.close();
        }
    }
}
