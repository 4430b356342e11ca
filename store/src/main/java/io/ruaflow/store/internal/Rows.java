package io.ruaflow.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.Enrichment;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.enricher.ReportRejected;
import io.ruaflow.parser.DomainNames;
import io.ruaflow.parser.ParserLimits;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.parser.ReportRecord;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns records messages into table rows ({@code Object[]} in {@link Schema} column order: String, Long, Integer,
 * LocalDate or null). Both stores write exactly these values. NUL characters in text become U+FFFD, because DuckDB
 * text cannot hold them and both stores must hold the same values.
 */
public final class Rows {
    private Rows() {}

    /** The rows of one batch, deduplicated by key (the last message for a key wins). */
    public record Batch(
            List<Object[]> records, List<Object[]> recordDays, List<Object[]> reports, FirstSeen firstSeen) {
        public boolean isEmpty() {
            return records.isEmpty() && recordDays.isEmpty() && reports.isEmpty();
        }
    }

    /** The messages of one batch, deduplicated by key (the last message for a key wins), in first-seen order. */
    public record Latest(List<EnrichedRecord> records, List<ReportCompleted> reports) {
        public boolean isEmpty() {
            return records.isEmpty() && reports.isEmpty();
        }
    }

    public static Latest latest(List<RecordsMessage> messages) {
        Map<String, EnrichedRecord> records = new LinkedHashMap<>();
        Map<String, ReportCompleted> reports = new LinkedHashMap<>();
        for (RecordsMessage message : messages) {
            if (message instanceof EnrichedRecord record) {
                checkedCount(record.report(), record.record());
                records.put(record.reportUid() + '\n' + record.position(), record);
            } else if (message instanceof ReportCompleted completed) {
                reports.put(completed.reportUid(), completed);
            }
        }
        return new Latest(new ArrayList<>(records.values()), new ArrayList<>(reports.values()));
    }

    public static Batch of(List<RecordsMessage> messages, long writtenAtMs) {
        Latest latest = latest(messages);
        List<Object[]> recordRows = new ArrayList<>(latest.records().size());
        List<Object[]> dayRows = new ArrayList<>(latest.records().size());
        Memo memo = new Memo();
        for (EnrichedRecord record : latest.records()) {
            recordRows.add(recordRow(record, writtenAtMs, memo));
            dayRows.addAll(dayRows(record, memo));
        }
        List<Object[]> reportRows = new ArrayList<>(latest.reports().size());
        for (ReportCompleted completed : latest.reports()) {
            reportRows.add(reportRow(completed, writtenAtMs));
        }
        return new Batch(recordRows, dayRows, reportRows, firstSeen(latest));
    }

    /**
     * What a batch adds to {@link Schema#FIRST_SEEN}: only reports it completes count (a report rejected part-way
     * never makes a source "new"). {@code rows} are those of completed reports whose records are all in the batch
     * (the usual case, no store read); {@code readFromStore} names completed reports whose records came, at least
     * partly, in earlier batches: the store reads their first days from its stored days.
     */
    public record FirstSeen(List<Object[]> rows, List<String> readFromStore) {}

    public static FirstSeen firstSeen(Latest latest) {
        Map<String, Long> inBatch = new HashMap<>();
        for (EnrichedRecord record : latest.records()) {
            inBatch.merge(record.reportUid(), 1L, Long::sum);
        }
        Set<String> whole = new HashSet<>();
        List<String> readFromStore = new ArrayList<>();
        for (ReportCompleted completed : latest.reports()) {
            if (inBatch.getOrDefault(completed.reportUid(), 0L) >= completed.recordCount()) {
                whole.add(completed.reportUid());
            } else if (!readFromStore.contains(completed.reportUid())) {
                readFromStore.add(completed.reportUid());
            }
        }
        List<EnrichedRecord> records = latest.records().stream()
                .filter(r -> whole.contains(r.reportUid()))
                .toList();
        return new FirstSeen(firstSeenRows(records), readFromStore);
    }

    /**
     * The first-seen rows of {@code records}: per (policy domain, source IP) the earliest day with messages, on the
     * same day basis as {@code record_days} ({@link DaySplit}). A store merges them keeping the earlier day.
     */
    static List<Object[]> firstSeenRows(List<EnrichedRecord> records) {
        Map<String, Object[]> earliest = new LinkedHashMap<>();
        for (EnrichedRecord record : records) {
            ReportHeader h = record.report();
            List<DaySplit.DayShare> shares =
                    DaySplit.split(h.begin(), h.end(), record.record().count());
            if (shares.isEmpty()) {
                continue;
            }
            String domain = domainKey(
                    h.policyPublished() == null ? null : h.policyPublished().domain());
            String ip = text(record.record().sourceIp());
            LocalDate day = shares.get(0).day();
            earliest.merge(
                    domain + '\n' + ip,
                    new Object[] {domain, ip, day, Schema.firstDayRank(day)},
                    (a, b) -> ((LocalDate) a[2]).isAfter((LocalDate) b[2]) ? b : a);
        }
        return new ArrayList<>(earliest.values());
    }

    /**
     * The form every store keeps a policy domain in and every query matches it with: ASCII, so a Unicode name and
     * its punycode are one domain ({@link DomainNames}).
     */
    public static String domainKey(String domain) {
        return DomainNames.ascii(domain);
    }

    /**
     * The record's count, refused when outside 0..{@link ParserLimits#MAX_RECORD_COUNT}: the parser never makes
     * such a record, so one arriving here was forged or corrupted, and it would make the sums overflow.
     */
    static long checkedCount(ReportHeader h, ReportRecord r) {
        if (r.count() < 0 || r.count() > ParserLimits.MAX_RECORD_COUNT) {
            throw new IllegalArgumentException("record of report " + h.reportUid() + " from " + r.sourceIp()
                    + " has count " + r.count() + ", outside 0.." + ParserLimits.MAX_RECORD_COUNT
                    + " (MAX_RECORD_COUNT)");
        }
        return r.count();
    }

    static Object[] recordRow(EnrichedRecord message, long writtenAtMs) {
        return recordRow(message, writtenAtMs, new Memo());
    }

    /** As {@link #recordRow(EnrichedRecord, long)}, reusing the JSON and domain keys {@code memo} already made. */
    static Object[] recordRow(EnrichedRecord message, long writtenAtMs, Memo memo) {
        ReportHeader h = message.report();
        ReportRecord r = message.record();
        Enrichment e = message.enrichment();
        List<Object> row = new ArrayList<>(Schema.RECORDS.columns().size());
        row.add(text(h.reportUid()));
        row.add(message.position());
        PolicyPublished p = h.policyPublished();
        row.add(memo.domainKey(p == null ? null : p.domain()));
        row.add(nonNull(text(h.orgName())));
        row.add(millis(h.begin()));
        row.add(millis(h.end()));
        row.add(text(r.sourceIp()));
        row.add(checkedCount(h, r));
        row.add(text(r.disposition()));
        row.add(text(r.dkim()));
        row.add(text(r.spf()));
        row.add(memo.json(r.reasons()));
        row.add(text(r.envelopeTo()));
        row.add(text(r.envelopeFrom()));
        row.add(text(r.headerFrom()));
        row.add(memo.json(r.dkimResults()));
        row.add(memo.json(r.spfResults()));
        row.add(e == null ? null : text(e.headerFromOrgDomain()));
        row.add(e == null ? null : text(e.spfDomain()));
        row.add(flag(e != null && e.spfAligned()));
        row.add(flag(e != null && e.dkimAligned()));
        row.add(flag(e != null && e.dmarcPass()));
        row.add(flag(e != null && e.differsFromReporter()));
        row.add(e == null ? null : text(e.freshSpfResult()));
        row.add(e == null ? null : text(e.freshSpfMechanism()));
        row.add(memo.json(e == null ? List.of() : e.dkimKeys()));
        row.add(e == null ? null : text(e.ptrName()));
        row.add(e == null || e.ptrConfirmed() == null ? null : flag(e.ptrConfirmed()));
        row.add(e == null ? null : text(e.ptrBaseDomain()));
        row.add(e == null ? null : text(e.service()));
        row.add(e == null ? null : text(e.serviceType()));
        row.add(classification(e));
        row.add(e == null || e.checkedAt() == null ? null : e.checkedAt().toEpochMilli());
        row.add(writtenAtMs);
        row.add(
                e == null || e.orgDomainMethod() == null
                        ? null
                        : e.orgDomainMethod().wireName());
        return check(Schema.RECORDS, row);
    }

    static List<Object[]> dayRows(EnrichedRecord message) {
        return dayRows(message, new Memo());
    }

    /** As {@link #dayRows(EnrichedRecord)}, reusing the JSON and domain keys {@code memo} already made. */
    static List<Object[]> dayRows(EnrichedRecord message, Memo memo) {
        ReportHeader h = message.report();
        ReportRecord r = message.record();
        Enrichment e = message.enrichment();
        List<Object[]> rows = new ArrayList<>(1);
        for (DaySplit.DayShare share : DaySplit.split(h.begin(), h.end(), checkedCount(h, r))) {
            List<Object> row = new ArrayList<>(Schema.RECORD_DAYS.columns().size());
            row.add(text(h.reportUid()));
            row.add(message.position());
            row.add(share.day());
            row.add(memo.domainKey(h.policyPublished().domain()));
            row.add(text(h.orgName()));
            row.add(millis(h.begin()));
            row.add(text(r.sourceIp()));
            row.add(nonNull(text(r.disposition())));
            row.add(flag(e != null && e.dmarcPass()));
            row.add(flag(e != null && e.spfAligned()));
            row.add(flag(e != null && e.dkimAligned()));
            row.add(nonNull(classification(e)));
            row.add(e == null ? null : text(e.ptrName()));
            row.add(e == null ? null : text(e.service()));
            row.add(e == null ? null : text(e.freshSpfResult()));
            row.add(enrichKey(message));
            row.add(share.messages());
            row.add(flag(e != null && e.differsFromReporter()));
            row.add(e == null || e.ptrConfirmed() == null ? null : flag(e.ptrConfirmed()));
            row.add(e == null ? null : text(e.ptrBaseDomain()));
            row.add(e == null ? null : text(e.freshSpfMechanism()));
            row.add(e == null ? null : memo.json(e.dkimKeys()));
            rows.add(check(Schema.RECORD_DAYS, row));
        }
        return rows;
    }

    static Object[] reportRow(ReportCompleted message, long writtenAtMs) {
        List<Object> row = new ArrayList<>(Schema.REPORTS.columns().size());
        row.add(text(message.reportUid()));
        addHeader(row, message.report(), new Memo());
        row.add(message.recordCount());
        row.add(message.messageCount());
        row.add(json(message.warnings()));
        row.add(writtenAtMs);
        return check(Schema.REPORTS, row);
    }

    /** The rows of the batch's {@link ReportRejected} messages, the last one per report uid. */
    public static List<Object[]> rejectedRows(List<RecordsMessage> messages, long writtenAtMs) {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        for (RecordsMessage message : messages) {
            if (message instanceof ReportRejected rejected) {
                List<Object> row =
                        new ArrayList<>(Schema.REJECTED_REPORTS.columns().size());
                row.add(text(rejected.reportUid()));
                addHeader(row, rejected.report(), new Memo());
                row.add(rejected.recordsBefore());
                row.add(nonNull(text(rejected.reason())));
                row.add(writtenAtMs);
                rows.put(rejected.reportUid(), check(Schema.REJECTED_REPORTS, row));
            }
        }
        return new ArrayList<>(rows.values());
    }

    /**
     * Orders a record's enrichment by freshness, unique per record: queries take the latest PTR, service and fresh
     * SPF result of an IP as the value with the greatest key, so both stores pick the same row.
     */
    static String enrichKey(EnrichedRecord message) {
        Instant checked =
                message.enrichment() == null ? null : message.enrichment().checkedAt();
        long ms = checked == null ? 0 : Math.max(0, checked.toEpochMilli());
        String uid = message.reportUid();
        StringBuilder key = new StringBuilder(15 + 1 + uid.length() + 1 + 19);
        pad(key, ms, 15);
        key.append(':').append(uid).append(':');
        pad(key, message.position(), 19);
        return key.toString();
    }

    /** Appends {@code value} (not negative) in at least {@code width} digits, zeros first. */
    static void pad(StringBuilder to, long value, int width) {
        int digits = 1;
        for (long rest = value; rest >= 10; rest /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            to.append('0');
        }
        to.append(value);
    }

    private static void addHeader(List<Object> row, ReportHeader h, Memo memo) {
        PolicyPublished p = h.policyPublished();
        row.add(memo.domainKey(p == null ? null : p.domain()));
        row.add(nonNull(text(h.orgName())));
        row.add(text(h.orgEmail()));
        row.add(text(h.extraContactInfo()));
        row.add(nonNull(text(h.reportId())));
        row.add(millis(h.begin()));
        row.add(millis(h.end()));
        row.add(memo.json(h.errors()));
        row.add(text(h.generator()));
        row.add(h.schema() == null ? null : h.schema().wireName());
        row.add(h.source() == null ? null : text(h.source().file()));
        row.add(h.source() == null ? null : text(h.source().sha256()));
        row.add(p == null ? null : text(p.p()));
        row.add(p == null ? null : text(p.sp()));
        row.add(p == null ? null : text(p.np()));
        row.add(p == null ? null : text(p.adkim()));
        row.add(p == null ? null : text(p.aspf()));
        row.add(p == null ? null : p.pct());
        row.add(p == null ? null : text(p.fo()));
        row.add(p == null ? null : text(p.testing()));
        row.add(p == null ? null : text(p.discoveryMethod()));
    }

    private static String classification(Enrichment e) {
        return e == null || e.classification() == null
                ? null
                : e.classification().wireName();
    }

    private static Object[] check(Schema.Table table, List<Object> row) {
        if (row.size() != table.columns().size()) {
            throw new IllegalStateException(table.name() + " row has " + row.size() + " values for "
                    + table.columns().size() + " columns");
        }
        return row.toArray();
    }

    static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }

    private static Integer flag(boolean value) {
        return value ? 1 : 0;
    }

    static String json(Object value) {
        if (value instanceof List<?> list && list.isEmpty()) {
            return "[]";
        }
        try {
            return text(ReportJson.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + value, e);
        }
    }

    /**
     * The JSON text and domain keys already made while building one batch's rows: the records of a report share
     * their header, and many records carry equal authentication results, so each distinct value is encoded once.
     * Holds at most {@link #MAX_ENTRIES} values; not thread-safe (one per batch and thread).
     */
    static final class Memo {
        /** Distinct values remembered before the memo starts over. */
        static final int MAX_ENTRIES = 4_096;

        private final Map<Object, String> json = new HashMap<>();
        private final Map<String, String> domains = new HashMap<>();

        String json(Object value) {
            if (value instanceof List<?> list && list.isEmpty()) {
                return "[]";
            }
            String known = json.get(value);
            if (known == null) {
                known = Rows.json(value);
                if (json.size() >= MAX_ENTRIES) {
                    json.clear();
                }
                json.put(value, known);
            }
            return known;
        }

        String domainKey(String domain) {
            if (domain == null) {
                return Rows.domainKey(null);
            }
            String known = domains.get(domain);
            if (known == null) {
                known = Rows.domainKey(domain);
                if (domains.size() >= MAX_ENTRIES) {
                    domains.clear();
                }
                domains.put(domain, known);
            }
            return known;
        }
    }
}
