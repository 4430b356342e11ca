package io.ruaflow.enricher;

import io.ruaflow.enricher.dmarc.TreeWalk;
import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.parser.DmarcRecord;
import io.ruaflow.parser.posture.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Type;

/**
 * Lints the DMARC record that applies to a domain (RFC 9989, RFC 7489): found at {@code _dmarc.<domain>} or, when
 * there is none, through the tree walk. Tag syntax and values, {@code pct} and the other tags DMARCbis removed,
 * several records, and external report destinations that do not authorize the domain (RFC 7489 7.1, RFC 9990 3.3).
 */
final class DmarcLint {
    static final String CHECK = "dmarc";
    private static final Set<String> POLICIES = Set.of("none", "quarantine", "reject");
    private static final Set<String> KNOWN =
            Set.of("v", "p", "sp", "np", "adkim", "aspf", "fo", "rua", "ruf", "t", "psd", "pct", "rf", "ri");
    private static final Set<String> REMOVED = Set.of("pct", "rf", "ri");
    /** Report destinations checked for external authorization per record. */
    static final int MAX_DESTINATIONS = 10;

    private final DnsClient dns;
    private final TreeWalk treeWalk;

    DmarcLint(DnsClient dns, TreeWalk treeWalk) {
        this.dns = dns;
        this.treeWalk = treeWalk;
    }

    /** The record that applies (null when none), where it was found, and the findings. */
    record Result(DmarcRecord record, String recordDomain, List<Finding> findings) {}

    Result lint(String domain) {
        List<Finding> findings = new ArrayList<>();
        String name = "_dmarc." + domain;
        DnsAnswer answer = dns.query(name, Type.TXT).join();
        if (answer.isTempError()) {
            findings.add(Finding.warning(
                    CHECK, "dmarc.dns", "DNS did not answer for " + name + ": " + answer.problem(), name));
            return new Result(null, null, findings);
        }
        List<String> records = new ArrayList<>();
        for (String txt : answer.texts()) {
            if (DmarcRecord.isDmarc(txt)) {
                records.add(txt);
            } else if (txt.trim().toLowerCase(Locale.ROOT).replace(" ", "").startsWith("v=dmarc1")) {
                findings.add(Finding.error(
                        CHECK,
                        "dmarc.version",
                        "the record at " + name + " must start with exactly v=DMARC1 (upper case); receivers ignore"
                                + " it",
                        txt));
            }
        }
        if (records.size() > 1) {
            for (String txt : records) {
                findings.add(Finding.error(
                        CHECK,
                        "dmarc.multiple",
                        records.size() + " DMARC records at " + name
                                + ": receivers discard them all and apply no policy; keep one",
                        txt));
            }
            return new Result(null, null, findings);
        }
        DmarcRecord record;
        String recordDomain;
        if (records.isEmpty()) {
            TreeWalk.Walk walk = treeWalk.walk(domain).join();
            TreeWalk.Found found = walk.complete() ? walk.policy() : null;
            if (found == null) {
                findings.add(Finding.error(
                        CHECK,
                        "dmarc.missing",
                        "no DMARC record applies to " + domain
                                + ": receivers apply no policy and send no reports; publish one at " + name,
                        name));
                return new Result(null, null, findings);
            }
            record = found.record();
            recordDomain = found.domain();
            findings.add(Finding.info(
                    CHECK,
                    "dmarc.inherited",
                    "no record at " + name + "; the record of " + found.domain() + " applies (RFC 9989 tree walk)"
                            + (domain.endsWith("." + found.domain()) ? ", with its sp/np for subdomains" : ""),
                    record.text()));
        } else {
            record = DmarcRecord.parse(records.get(0));
            recordDomain = domain;
        }
        lintTags(domain, recordDomain, record, findings);
        return new Result(record, recordDomain, findings);
    }

    private void lintTags(String domain, String recordDomain, DmarcRecord record, List<Finding> findings) {
        String text = record.text();
        for (String problem : record.problems()) {
            findings.add(Finding.error(CHECK, "dmarc.syntax", "syntax: " + problem, text));
        }
        Map<String, String> tags = record.tags();
        String p = record.keyword("p");
        if (p == null) {
            findings.add(Finding.warning(
                    CHECK,
                    "dmarc.p.missing",
                    "no p= tag: RFC 9989 receivers treat the record as p=none when it has rua, older ones ignore it;"
                            + " add p=none at least",
                    text));
        }
        for (String tag : List.of("p", "sp", "np")) {
            String value = record.keyword(tag);
            if (value != null && !POLICIES.contains(value)) {
                findings.add(Finding.error(
                        CHECK, "dmarc.policy", tag + "=" + value + " is not none, quarantine or reject", text));
            }
        }
        for (String tag : List.of("adkim", "aspf")) {
            String value = record.keyword(tag);
            if (value != null && !value.equals("r") && !value.equals("s")) {
                findings.add(Finding.error(CHECK, "dmarc.alignment", tag + "=" + value + " is not r or s", text));
            }
        }
        String fo = record.keyword("fo");
        if (fo != null) {
            for (String option : fo.split(":")) {
                if (!Set.of("0", "1", "d", "s").contains(option.trim())) {
                    findings.add(Finding.error(
                            CHECK, "dmarc.fo", "fo=" + fo + ": '" + option.trim() + "' is not 0, 1, d or s", text));
                }
            }
        }
        String t = record.keyword("t");
        if (t != null && !t.equals("y") && !t.equals("n")) {
            findings.add(Finding.error(CHECK, "dmarc.t", "t=" + t + " is not y or n", text));
        } else if ("y".equals(t)) {
            findings.add(Finding.warning(
                    CHECK,
                    "dmarc.testing",
                    "t=y: RFC 9989 receivers apply one step less than the published policy (testing mode)",
                    text));
        }
        String psd = record.keyword("psd");
        if (psd != null && !Set.of("y", "n", "u").contains(psd)) {
            findings.add(Finding.error(CHECK, "dmarc.psd", "psd=" + psd + " is not y, n or u", text));
        }
        String pct = record.tag("pct");
        if (pct != null) {
            boolean partial = !pct.trim().equals("100");
            findings.add(new Finding(
                    partial ? Finding.Severity.WARNING : Finding.Severity.INFO,
                    CHECK,
                    "dmarc.pct",
                    "pct=" + pct + " is removed in RFC 9989 (DMARCbis): receivers following it ignore pct"
                            + (partial ? " and apply the policy to all mail; use t=y while testing" : "; drop it"),
                    text));
        }
        for (String tag : tags.keySet()) {
            if (REMOVED.contains(tag) && !tag.equals("pct")) {
                findings.add(Finding.info(
                        CHECK, "dmarc.removed", tag + "= is removed in RFC 9989 and ignored; drop it", text));
            } else if (!KNOWN.contains(tag)) {
                findings.add(Finding.warning(
                        CHECK, "dmarc.unknown-tag", "unknown tag " + tag + "= is ignored by receivers", text));
            }
        }
        if (record.tag("rua") == null) {
            findings.add(Finding.warning(
                    CHECK,
                    "dmarc.rua.missing",
                    "no rua=: nobody sends aggregate reports about " + recordDomain
                            + "; add rua=mailto:<your report mailbox>",
                    text));
        }
        int checked = 0;
        for (String tag : List.of("rua", "ruf")) {
            String value = record.tag(tag);
            if (value == null) {
                continue;
            }
            for (String raw : value.split(",")) {
                String uri = raw.trim();
                if (uri.isEmpty()) {
                    continue;
                }
                if (uri.contains("!")) {
                    findings.add(Finding.info(
                            CHECK,
                            "dmarc.uri.size",
                            tag + ": the !size suffix of " + uri + " is obsolete in RFC 9989 and ignored",
                            text));
                    uri = uri.substring(0, uri.indexOf('!'));
                }
                if (!uri.regionMatches(true, 0, "mailto:", 0, 7)) {
                    findings.add(Finding.warning(
                            CHECK,
                            "dmarc.uri.scheme",
                            tag + ": " + uri + " is not a mailto: URI; reporters send only to mailto:",
                            text));
                    continue;
                }
                String address = uri.substring(7);
                int at = address.lastIndexOf('@');
                String destination = at < 0 ? null : Domains.normalize(address.substring(at + 1));
                if (destination == null || !destination.contains(".")) {
                    findings.add(Finding.error(
                            CHECK, "dmarc.uri.syntax", tag + ": " + uri + " is not a mail address", text));
                    continue;
                }
                if (++checked <= MAX_DESTINATIONS && external(recordDomain, destination)) {
                    authorization(tag, uri, recordDomain, destination, text, findings);
                }
            }
        }
    }

    private boolean external(String domain, String destination) {
        return !organizational(domain).equals(organizational(destination));
    }

    private String organizational(String domain) {
        TreeWalk.Walk walk = treeWalk.walk(domain).join();
        return walk.complete() ? walk.organizationalDomain() : Domains.organizationalDomain(domain);
    }

    /** RFC 7489 7.1: {@code <domain>._report._dmarc.<destination>} must hold a v=DMARC1 record. */
    private void authorization(
            String tag, String uri, String domain, String destination, String text, List<Finding> findings) {
        String name = domain + "._report._dmarc." + destination;
        DnsAnswer answer = dns.query(name, Type.TXT).join();
        if (answer.isTempError()) {
            findings.add(Finding.warning(
                    CHECK, "dmarc.dns", "DNS did not answer for " + name + ": " + answer.problem(), name));
            return;
        }
        boolean authorized = answer.texts().stream().anyMatch(DmarcRecord::isDmarc);
        if (!authorized) {
            findings.add(Finding.error(
                    CHECK,
                    "dmarc.uri.unauthorized",
                    tag + ": " + uri + " is outside " + domain + " and " + destination
                            + " does not accept its reports: reporters drop them until " + destination
                            + " publishes " + name + " TXT \"v=DMARC1\" (RFC 7489 7.1)",
                    text));
        } else {
            findings.add(Finding.info(
                    CHECK,
                    "dmarc.uri.authorized",
                    tag + ": external destination " + destination + " accepts reports for " + domain,
                    text));
        }
    }
}
