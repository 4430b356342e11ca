package io.ruaflow.enricher.spf;

import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.parser.posture.Finding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Lints a domain's published SPF policy (RFC 7208) without an IP to check: the DNS-querying terms counted through
 * every include and redirect, void lookups, {@code +all}/{@code ?all}, {@code ptr}, the deprecated SPF RR type,
 * includes that resolve to no record, record size, duplicate and redundant mechanisms. Blocking. Terms whose domain
 * holds a macro cannot be followed without a message and are reported as such.
 */
public final class SpfLint {
    static final String CHECK = "spf";
    /** A record longer than this no longer fits a plain UDP answer (RFC 7208 3.4). */
    public static final int MAX_RECORD_BYTES = 512;
    /** One DNS character-string holds at most this many bytes (RFC 1035 3.3); longer records are split. */
    public static final int MAX_STRING_BYTES = 255;
    /** Records fetched while following includes and redirects, so that a loop or a huge tree stays bounded. */
    static final int MAX_RECORDS_FOLLOWED = 40;

    private final DnsClient dns;

    public SpfLint(DnsClient dns) {
        this.dns = dns;
    }

    /**
     * What was found: the domain's own SPF record (null when none or several), the DNS-querying terms a check
     * would spend, the void lookups among them, and the findings.
     */
    public record Result(String record, int lookups, int voidLookups, List<Finding> findings) {
        public Result {
            findings = List.copyOf(findings);
        }
    }

    private final class Walk {
        final List<Finding> findings = new ArrayList<>();
        final Set<String> followed = new HashSet<>();
        int lookups;
        int voids;
        int fetched;
    }

    public Result lint(String domain) {
        Walk walk = new Walk();
        DnsAnswer spfType = dns.query(domain, Type.SPF).join();
        if (!spfType.records().isEmpty()) {
            walk.findings.add(Finding.warning(
                    CHECK,
                    "spf.rr-type",
                    "SPF is published as the deprecated SPF RR type (type 99); receivers read only TXT (RFC 7208 3.1):"
                            + " remove it",
                    spfType.records().get(0).rdataToString()));
        }
        DnsAnswer answer = dns.query(domain, Type.TXT).join();
        if (answer.isTempError()) {
            walk.findings.add(Finding.warning(
                    CHECK, "spf.dns", "DNS did not answer for " + domain + " TXT: " + answer.problem(), domain));
            return new Result(null, 0, 0, walk.findings);
        }
        List<String> records = spfTexts(answer);
        if (records.isEmpty()) {
            walk.findings.add(Finding.warning(
                    CHECK,
                    "spf.missing",
                    "no SPF record at " + domain + ": SPF gives none, so only DKIM can make DMARC pass",
                    domain));
            return new Result(null, 0, 0, walk.findings);
        }
        if (records.size() > 1) {
            for (String record : records) {
                walk.findings.add(Finding.error(
                        CHECK,
                        "spf.multiple",
                        records.size() + " SPF records at " + domain
                                + ": receivers return permerror (RFC 7208 4.5); merge them into one",
                        record));
            }
            return new Result(null, 0, 0, walk.findings);
        }
        String record = records.get(0);
        sizeFindings(answer, record, walk);
        walk.followed.add(domain);
        follow(domain, record, walk, true);
        if (walk.lookups > SpfEvaluator.MAX_DNS_TERMS) {
            walk.findings.add(Finding.error(
                    CHECK,
                    "spf.lookups.over-limit",
                    "needs " + walk.lookups + " DNS lookups, counted through every include; the limit is "
                            + SpfEvaluator.MAX_DNS_TERMS + " (RFC 7208 4.6.4), so receivers return permerror:"
                            + " flatten or drop includes",
                    record));
        } else {
            walk.findings.add(Finding.info(
                    CHECK,
                    "spf.lookups",
                    walk.lookups + " of " + SpfEvaluator.MAX_DNS_TERMS + " DNS lookups used, counted through every"
                            + " include",
                    record));
        }
        if (walk.voids > SpfEvaluator.MAX_VOID_LOOKUPS) {
            walk.findings.add(Finding.error(
                    CHECK,
                    "spf.void-lookups",
                    walk.voids + " lookups find nothing; more than " + SpfEvaluator.MAX_VOID_LOOKUPS
                            + " is a permerror (RFC 7208 4.6.4)",
                    record));
        }
        return new Result(record, walk.lookups, walk.voids, walk.findings);
    }

    private static List<String> spfTexts(DnsAnswer answer) {
        List<String> records = new ArrayList<>();
        for (String txt : answer.texts()) {
            if (SpfRecord.isSpf(txt)) {
                records.add(txt);
            }
        }
        return records;
    }

    private static void sizeFindings(DnsAnswer answer, String record, Walk walk) {
        for (Record r : answer.records()) {
            if (!(r instanceof TXTRecord)) {
                continue;
            }
            List<byte[]> strings = ((TXTRecord) r).getStringsAsByteArrays();
            StringBuilder joined = new StringBuilder();
            for (byte[] s : strings) {
                joined.append(new String(s, StandardCharsets.ISO_8859_1));
            }
            if (!joined.toString().equals(record)) {
                continue;
            }
            int bytes = record.getBytes(StandardCharsets.ISO_8859_1).length;
            if (bytes > MAX_RECORD_BYTES) {
                walk.findings.add(Finding.warning(
                        CHECK,
                        "spf.size",
                        "the record is " + bytes + " bytes, over " + MAX_RECORD_BYTES
                                + ": answers may need TCP and some receivers fail it (RFC 7208 3.4)",
                        record));
            }
            if (bytes > MAX_STRING_BYTES && strings.size() > 1) {
                walk.findings.add(Finding.info(
                        CHECK,
                        "spf.split",
                        "the record is " + bytes + " bytes, over the " + MAX_STRING_BYTES
                                + "-byte string limit, published as " + strings.size()
                                + " strings; receivers join them without spaces, so each split must fall inside a"
                                + " term or keep its space",
                        record));
            }
            for (int i = 0; i + 1 < strings.size(); i++) {
                byte[] left = strings.get(i);
                byte[] right = strings.get(i + 1);
                if (left.length > 0 && right.length > 0 && left[left.length - 1] != ' ' && right[0] != ' ') {
                    String glued = tail(left) + "|" + head(right);
                    if (looksLikeTermStart(right)) {
                        walk.findings.add(Finding.error(
                                CHECK,
                                "spf.split.glued",
                                "string " + (i + 2) + " starts a new term but the previous string does not end"
                                        + " with a space, so the joined record reads '" + glued.replace("|", "")
                                        + "'",
                                record));
                    }
                }
            }
        }
    }

    private static boolean looksLikeTermStart(byte[] s) {
        String text = new String(s, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String start : List.of(
                "ip4:",
                "ip6:",
                "include:",
                "a:",
                "mx:",
                "ptr",
                "exists:",
                "redirect=",
                "-all",
                "~all",
                "?all",
                "+all")) {
            if (text.startsWith(start)) {
                return true;
            }
        }
        return false;
    }

    private static String tail(byte[] s) {
        String text = new String(s, StandardCharsets.ISO_8859_1);
        return text.substring(Math.max(0, text.length() - 12));
    }

    private static String head(byte[] s) {
        String text = new String(s, StandardCharsets.ISO_8859_1);
        return text.substring(0, Math.min(12, text.length()));
    }

    /** Counts and checks one record's terms, following includes and the redirect. */
    private void follow(String domain, String record, Walk walk, boolean top) {
        SpfRecord parsed;
        try {
            parsed = SpfRecord.parse(record);
        } catch (SpfException e) {
            walk.findings.add(Finding.error(
                    CHECK,
                    "spf.syntax",
                    (top ? "" : "included record of " + domain + ": ") + e.getMessage()
                            + " (receivers return permerror)",
                    record));
            return;
        }
        Set<String> seen = new HashSet<>();
        boolean hasAll = false;
        for (SpfRecord.Directive d : parsed.directives) {
            String normalized = normalizedTerm(d);
            if (!seen.add(normalized)) {
                walk.findings.add(Finding.warning(
                        CHECK,
                        "spf.duplicate",
                        "'" + d.text() + "' appears twice in the record of " + domain + ": remove one",
                        record));
            }
            if (d.queriesDns()) {
                walk.lookups++;
            }
            switch (d.kind()) {
                case ALL -> {
                    hasAll = true;
                    if (d.qualifier() == '+') {
                        walk.findings.add(Finding.error(
                                CHECK,
                                "spf.all.pass",
                                "'" + d.text() + "' in the record of " + domain
                                        + " authorizes every IP address on the internet: end with -all or ~all",
                                record));
                    } else if (d.qualifier() == '?') {
                        walk.findings.add(Finding.warning(
                                CHECK,
                                "spf.all.neutral",
                                "'?all' in the record of " + domain
                                        + " says nothing about unlisted senders: end with -all or ~all",
                                record));
                    }
                }
                case PTR -> walk.findings.add(Finding.warning(
                        CHECK,
                        "spf.ptr",
                        "'" + d.text() + "' in the record of " + domain
                                + ": ptr is slow, unreliable and not to be used (RFC 7208 5.5); list the IPs",
                        record));
                case INCLUDE -> include(domain, d.domainSpec(), "include:", record, walk);
                case A, MX -> voidCheck(d, domain, record, walk);
                case EXISTS, IP4, IP6 -> {}
            }
        }
        redundantNetworks(parsed.directives, domain, record, walk);
        if (parsed.redirect != null) {
            walk.lookups++;
            if (hasAll) {
                walk.findings.add(Finding.warning(
                        CHECK,
                        "spf.redirect.ignored",
                        "redirect=" + parsed.redirect + " in the record of " + domain
                                + " is never used because the record has an all mechanism",
                        record));
            } else {
                include(domain, parsed.redirect, "redirect=", record, walk);
            }
        }
    }

    private static String normalizedTerm(SpfRecord.Directive d) {
        String text = d.text().toLowerCase(Locale.ROOT);
        return text.startsWith("+") ? text.substring(1) : text;
    }

    private void include(String domain, String target, String term, String record, Walk walk) {
        if (target.contains("%")) {
            walk.findings.add(Finding.info(
                    CHECK,
                    "spf.macro",
                    term + target + " in the record of " + domain
                            + " holds a macro; its lookups depend on the message and are not counted here",
                    record));
            return;
        }
        String name = target.endsWith(".") ? target.substring(0, target.length() - 1) : target;
        name = name.toLowerCase(Locale.ROOT);
        if (!walk.followed.add(name)) {
            walk.findings.add(Finding.warning(
                    CHECK,
                    "spf.include.repeated",
                    term + name + " is reached more than once (from " + domain
                            + "); every time counts against the limit of " + SpfEvaluator.MAX_DNS_TERMS,
                    record));
            return;
        }
        if (++walk.fetched > MAX_RECORDS_FOLLOWED) {
            walk.findings.add(Finding.error(
                    CHECK,
                    "spf.too-deep",
                    "more than " + MAX_RECORDS_FOLLOWED + " records reached through includes; stopped at " + name,
                    record));
            return;
        }
        DnsAnswer answer = dns.query(name, Type.TXT).join();
        if (answer.isTempError()) {
            walk.findings.add(Finding.warning(
                    CHECK, "spf.dns", "DNS did not answer for " + name + " TXT: " + answer.problem(), record));
            return;
        }
        List<String> records = spfTexts(answer);
        if (records.size() != 1) {
            if (answer.isVoid()) {
                walk.voids++;
            }
            walk.findings.add(Finding.error(
                    CHECK,
                    "spf.include.none",
                    term + name + " in the record of " + domain
                            + (records.isEmpty() ? " resolves to no SPF record" : " resolves to several SPF records")
                            + ": receivers return permerror (RFC 7208 5.2); fix or remove it",
                    record));
            return;
        }
        follow(name, records.get(0), walk, false);
    }

    private void voidCheck(SpfRecord.Directive d, String domain, String record, Walk walk) {
        String target = d.domainSpec() == null ? domain : d.domainSpec();
        if (target.contains("%")) {
            return;
        }
        boolean empty;
        if (d.kind() == SpfRecord.Kind.MX) {
            DnsAnswer mx = dns.query(target, Type.MX).join();
            empty = mx.isVoid();
            if (mx.records().size() > SpfEvaluator.MAX_MX_NAMES) {
                walk.findings.add(Finding.error(
                        CHECK,
                        "spf.mx.too-many",
                        "'" + d.text() + "' in the record of " + domain + " names "
                                + mx.records().size() + " MX hosts; more than " + SpfEvaluator.MAX_MX_NAMES
                                + " is a permerror",
                        record));
            }
        } else {
            empty = dns.query(target, Type.A).join().isVoid()
                    && dns.query(target, Type.AAAA).join().isVoid();
        }
        if (empty) {
            walk.voids++;
            walk.findings.add(Finding.warning(
                    CHECK,
                    "spf.void",
                    "'" + d.text() + "' in the record of " + domain + " finds no addresses (a void lookup)",
                    record));
        }
    }

    private static void redundantNetworks(
            List<SpfRecord.Directive> directives, String domain, String record, Walk walk) {
        for (SpfRecord.Directive inner : directives) {
            if (inner.network() == null) {
                continue;
            }
            for (SpfRecord.Directive outer : directives) {
                if (outer == inner
                        || outer.network() == null
                        || outer.kind() != inner.kind()
                        || outer.qualifier() != inner.qualifier()
                        || normalizedTerm(outer).equals(normalizedTerm(inner))) {
                    continue;
                }
                if (outer.cidr4() < inner.cidr4() && contains(outer.network(), outer.cidr4(), inner.network())) {
                    walk.findings.add(Finding.warning(
                            CHECK,
                            "spf.redundant",
                            "'" + inner.text() + "' in the record of " + domain + " is already covered by '"
                                    + outer.text() + "': remove it",
                            record));
                    break;
                }
            }
        }
    }

    private static boolean contains(byte[] network, int bits, byte[] address) {
        if (network.length != address.length) {
            return false;
        }
        byte[] a = Arrays.copyOf(network, network.length);
        byte[] b = Arrays.copyOf(address, address.length);
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            int mask = keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff;
            if ((a[i] & mask) != (b[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
