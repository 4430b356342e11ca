package io.ruaflow.enricher.dmarc;

import io.ruaflow.enricher.dns.DnsAnswer;
import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.parser.DmarcRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Type;

/**
 * The RFC 9989 4.10 DNS tree walk: from a domain towards the root, reading the DMARC record at {@code _dmarc.<name>}
 * of each name. A name holding several DMARC records counts as holding none. The walk stops at a record with
 * {@code psd=y} or {@code psd=n}, or when no labels are left; after the first name it skips straight to the last
 * {@value #MAX_LABELS_AFTER_FIRST} labels, so it asks at most {@value #MAX_QUERIES} questions. A DNS failure ends
 * the walk early and is reported in {@link Walk#problem()}; the futures never complete exceptionally.
 */
public final class TreeWalk {
    /** Questions one walk may ask (RFC 9989 4.10). */
    public static final int MAX_QUERIES = 8;
    /** After the first name, a longer name is cut to this many labels (RFC 9989 4.10 step 4). */
    public static final int MAX_LABELS_AFTER_FIRST = 7;

    private final DnsClient dns;

    public TreeWalk(DnsClient dns) {
        this.dns = dns;
    }

    /** Walks from {@code domain}, a normalized (ASCII, lower-case, no trailing dot) domain name. */
    public CompletableFuture<Walk> walk(String domain) {
        List<String> labels = Arrays.asList(domain.split("\\."));
        return step(domain, labels, new ArrayList<>(), 0);
    }

    private CompletableFuture<Walk> step(String domain, List<String> labels, List<Found> found, int queries) {
        if (labels.isEmpty() || labels.stream().anyMatch(String::isEmpty) || queries >= MAX_QUERIES) {
            return CompletableFuture.completedFuture(new Walk(domain, found, queries, null));
        }
        String name = String.join(".", labels);
        return dns.query("_dmarc." + name, Type.TXT).thenCompose(answer -> {
            if (answer.isTempError()) {
                return CompletableFuture.completedFuture(
                        new Walk(domain, found, queries + 1, "_dmarc." + name + ": " + answer.problem()));
            }
            DmarcRecord record = single(answer);
            if (record != null) {
                found.add(new Found(name, record));
                if (record.psd() != 'u') {
                    return CompletableFuture.completedFuture(new Walk(domain, found, queries + 1, null));
                }
            }
            List<String> next = labels.size() > MAX_LABELS_AFTER_FIRST
                    ? labels.subList(labels.size() - MAX_LABELS_AFTER_FIRST, labels.size())
                    : labels.subList(1, labels.size());
            return step(domain, next, found, queries + 1);
        });
    }

    /** The one DMARC record of an answer; null for none or several (RFC 9989 4.10 steps 2 and 6). */
    static DmarcRecord single(DnsAnswer answer) {
        List<String> records = new ArrayList<>();
        for (String txt : answer.texts()) {
            if (DmarcRecord.isDmarc(txt)) {
                records.add(txt);
            }
        }
        return records.size() == 1 ? DmarcRecord.parse(records.get(0)) : null;
    }

    /** A DMARC record found at {@code _dmarc.<domain>}. */
    public record Found(String domain, DmarcRecord record) {}

    /**
     * What one walk from {@code domain} found, longest name first. {@code problem} is non-null when DNS failed
     * before the walk was complete; {@code queries} is the number of questions asked.
     */
    public record Walk(String domain, List<Found> found, int queries, String problem) {
        public Walk {
            found = List.copyOf(found);
        }

        public boolean complete() {
            return problem == null;
        }

        /**
         * The Organizational Domain (RFC 9989 4.10.2): the first name found with {@code psd=n}; the name one label
         * below the first with {@code psd=y}; else the name with the fewest labels that holds a record; else the
         * domain itself.
         */
        public String organizationalDomain() {
            for (Found f : found) {
                if (f.record().psd() == 'n') {
                    return f.domain();
                }
                if (f.record().psd() == 'y' && !f.domain().equals(domain)) {
                    int labels = f.domain().split("\\.").length + 1;
                    String[] own = domain.split("\\.");
                    return String.join(".", Arrays.copyOfRange(own, own.length - labels, own.length));
                }
            }
            return found.isEmpty() ? domain : found.get(found.size() - 1).domain();
        }

        /**
         * The policy that applies to mail from {@code domain} (RFC 9989 4.10.1): its own record, else the
         * Organizational Domain's, else a Public Suffix Domain's ({@code psd=y}); null when none applies.
         */
        public Found policy() {
            if (!found.isEmpty() && found.get(0).domain().equals(domain)) {
                return found.get(0);
            }
            String org = organizationalDomain();
            for (Found f : found) {
                if (f.domain().equals(org)) {
                    return f;
                }
            }
            if (!found.isEmpty() && found.get(found.size() - 1).record().psd() == 'y') {
                return found.get(found.size() - 1);
            }
            return null;
        }
    }
}
