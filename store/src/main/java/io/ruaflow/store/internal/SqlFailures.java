package io.ruaflow.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.store.Analytics;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.FailureRow;
import io.ruaflow.store.FailureSource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The failure queries in the SQL both stores understand, over one row per report in {@link Schema#FAILURE_REPORTS}
 * ({@link FailureRows} makes it; the stores write it like every whole report, replacing an earlier copy). Days are UTC days of the arrival date.
 */
final class SqlFailures {
    /** The most recent failure rows read to find each source's latest re-check and samples. */
    static final int MAX_DETAIL_ROWS = Analytics.MAX_FAILURES;

    private static final String LIST_COLUMNS = "report_uid, reported_domain, arrival_ms, source_ip, reporter, format,"
            + " auth_failures, delivery_result, original_mail_from, header_from, header_to, subject, message_id,"
            + " dkim_domain, dkim_selector, dkim_result, spf_domain, spf_result, ptr_name, ptr_confirmed, service,"
            + " fresh_spf_result, fresh_spf_mechanism, classification";

    private final SqlStore store;

    SqlFailures(SqlStore store) {
        this.store = store;
    }

    /** The row of {@code r} in {@link Schema#FAILURE_REPORTS} column order. */
    static Object[] row(FailureReport r, long writtenAtMs) {
        FailureReport.Recheck c = r.recheck();
        String warnings;
        try {
            warnings = ReportJson.mapper().writeValueAsString(r.warnings());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
        return new Object[] {
            r.reportUid(),
            Rows.domainKey(r.reportedDomain()),
            r.arrivalDate().toEpochMilli(),
            r.sourceIp(),
            Rows.text(r.reporter()),
            Rows.text(r.reporterEmail()),
            r.format().name().toLowerCase(java.util.Locale.ROOT),
            Rows.text(r.feedbackType()),
            Rows.text(r.userAgent()),
            Rows.text(String.join(",", r.authFailures())),
            Rows.text(r.deliveryResult()),
            Rows.text(r.authenticationResults()),
            Rows.text(r.originalMailFrom()),
            Rows.text(r.originalRcptTo()),
            Rows.text(r.from()),
            Rows.text(r.to()),
            Rows.text(r.subject()),
            Rows.text(r.messageId()),
            Rows.text(r.dkimDomain()),
            Rows.text(r.dkimSelector()),
            Rows.text(r.dkimResult()),
            Rows.text(r.spfDomain()),
            Rows.text(r.spfResult()),
            Rows.text(r.headers()),
            r.redacted() ? 1 : 0,
            Rows.text(warnings),
            r.source() == null ? null : Rows.text(r.source().file()),
            r.source() == null ? null : r.source().sha256(),
            c == null ? null : Rows.text(c.ptrName()),
            c == null || c.ptrConfirmed() == null ? null : (c.ptrConfirmed() ? 1 : 0),
            c == null ? null : Rows.text(c.service()),
            c == null ? null : c.freshSpfResult(),
            c == null ? null : Rows.text(c.freshSpfMechanism()),
            c == null ? null : c.classification(),
            c == null || c.checkedAt() == null ? null : c.checkedAt().toEpochMilli(),
            writtenAtMs
        };
    }

    private static List<Object> params(String domain, DateRange range) {
        List<Object> params = new ArrayList<>();
        params.add(Rows.domainKey(domain));
        params.addAll(arrivals(range));
        return params;
    }

    /** The range's first and past-the-last arrival millisecond: its UTC days, as {@code arrival_ms} keeps them. */
    private static List<Object> arrivals(DateRange range) {
        return List.of(
                range.from().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
                range.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }

    /** The domains failure reports that arrived in the range are about. */
    List<String> domains(DateRange range) {
        List<String> domains = new ArrayList<>();
        for (Map<String, Object> row : store.select(
                "SELECT DISTINCT reported_domain AS v_domain FROM " + store.table(Schema.FAILURE_REPORTS)
                        + " WHERE arrival_ms >= ? AND arrival_ms < ?",
                arrivals(range))) {
            domains.add((String) row.get("v_domain"));
        }
        return domains;
    }

    /** Whether any failure report is about the domain. */
    boolean any(String domain) {
        return !store.select(
                        "SELECT report_uid FROM " + store.table(Schema.FAILURE_REPORTS)
                                + " WHERE reported_domain = ? LIMIT 1",
                        List.of(Rows.domainKey(domain)))
                .isEmpty();
    }

    /** The first and last UTC arrival day of the domain's failure reports; empty when it has none. */
    Optional<DateRange> arrivalDays(String domain) {
        Map<String, Object> row = store.select(
                        "SELECT count(*) AS v_n, min(arrival_ms) AS v_first, max(arrival_ms) AS v_last FROM "
                                + store.table(Schema.FAILURE_REPORTS) + " WHERE reported_domain = ?",
                        List.of(Rows.domainKey(domain)))
                .get(0);
        if (SqlStore.asLong(row.get("v_n")) == 0) {
            return Optional.empty();
        }
        return Optional.of(new DateRange(utcDay(row.get("v_first")), utcDay(row.get("v_last"))));
    }

    private static java.time.LocalDate utcDay(Object epochMillis) {
        return Instant.ofEpochMilli(SqlStore.asLong(epochMillis))
                .atZone(ZoneOffset.UTC)
                .toLocalDate();
    }

    private String where() {
        return " FROM " + store.table(Schema.FAILURE_REPORTS)
                + " WHERE reported_domain = ? AND arrival_ms >= ? AND arrival_ms < ?";
    }

    List<FailureRow> failures(String domain, DateRange range, int limit) {
        if (limit < 1 || limit > Analytics.MAX_FAILURES) {
            throw new IllegalArgumentException("limit must be 1 to " + Analytics.MAX_FAILURES + ": " + limit);
        }
        List<FailureRow> rows = new ArrayList<>();
        for (Map<String, Object> m : store.select(
                "SELECT " + LIST_COLUMNS + where() + " ORDER BY arrival_ms DESC, report_uid LIMIT " + limit,
                params(domain, range))) {
            rows.add(failureRow(m));
        }
        return rows;
    }

    List<FailureSource> sources(String domain, DateRange range) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Map<String, Object> m : store.select(
                "SELECT source_ip AS v_ip, count(*) AS v_n, min(arrival_ms) AS v_first, max(arrival_ms) AS v_last"
                        + where() + " GROUP BY source_ip",
                params(domain, range))) {
            counts.put((String) m.get("v_ip"), new long[] {
                SqlStore.asLong(m.get("v_n")), SqlStore.asLong(m.get("v_first")), SqlStore.asLong(m.get("v_last"))
            });
        }
        Map<String, List<FailureRow>> recent = new LinkedHashMap<>();
        for (FailureRow row : failures(domain, range, MAX_DETAIL_ROWS)) {
            recent.computeIfAbsent(row.sourceIp(), k -> new ArrayList<>()).add(row);
        }
        List<FailureSource> sources = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            List<FailureRow> rows = recent.getOrDefault(e.getKey(), List.of());
            FailureRow newest = rows.isEmpty() ? null : rows.get(0);
            sources.add(new FailureSource(
                    e.getKey(),
                    e.getValue()[0],
                    Instant.ofEpochMilli(e.getValue()[1]),
                    Instant.ofEpochMilli(e.getValue()[2]),
                    newest == null ? null : newest.ptrName(),
                    newest == null ? null : newest.service(),
                    newest == null ? null : newest.freshSpfResult(),
                    newest == null ? null : newest.classification(),
                    samples(rows, FailureRow::from),
                    samples(rows, FailureRow::subject)));
        }
        sources.sort(Comparator.comparingLong(FailureSource::failures)
                .reversed()
                .thenComparing(FailureSource::sourceIp, Comparator.nullsLast(Comparator.naturalOrder())));
        return sources;
    }

    private static List<String> samples(List<FailureRow> rows, java.util.function.Function<FailureRow, String> field) {
        Set<String> samples = new LinkedHashSet<>();
        for (FailureRow row : rows) {
            String value = field.apply(row);
            if (value != null && samples.size() < FailureSource.MAX_SAMPLES) {
                samples.add(value);
            }
        }
        return new ArrayList<>(samples);
    }

    Optional<String> headers(String reportUid) {
        List<Map<String, Object>> rows = store.select(
                "SELECT headers AS v_h FROM " + store.table(Schema.FAILURE_REPORTS) + " WHERE report_uid = ?",
                List.of(reportUid));
        return rows.isEmpty()
                ? Optional.empty()
                : Optional.of((String) rows.get(0).get("v_h"));
    }

    long countArrivedBefore(Instant cutoff) {
        return SqlStore.asLong(store.select(
                        "SELECT count(*) AS v_n FROM " + store.table(Schema.FAILURE_REPORTS) + " WHERE arrival_ms < ?",
                        List.of(cutoff.toEpochMilli()))
                .get(0)
                .get("v_n"));
    }

    private static FailureRow failureRow(Map<String, Object> m) {
        String failures = (String) m.get("auth_failures");
        Object confirmed = m.get("ptr_confirmed");
        return new FailureRow(
                (String) m.get("report_uid"),
                (String) m.get("reported_domain"),
                Instant.ofEpochMilli(SqlStore.asLong(m.get("arrival_ms"))),
                (String) m.get("source_ip"),
                (String) m.get("reporter"),
                (String) m.get("format"),
                failures == null || failures.isEmpty() ? List.of() : Arrays.asList(failures.split(",")),
                (String) m.get("delivery_result"),
                (String) m.get("original_mail_from"),
                (String) m.get("header_from"),
                (String) m.get("header_to"),
                (String) m.get("subject"),
                (String) m.get("message_id"),
                (String) m.get("dkim_domain"),
                (String) m.get("dkim_selector"),
                (String) m.get("dkim_result"),
                (String) m.get("spf_domain"),
                (String) m.get("spf_result"),
                (String) m.get("ptr_name"),
                confirmed == null ? null : SqlStore.asLong(confirmed) != 0,
                (String) m.get("service"),
                (String) m.get("fresh_spf_result"),
                (String) m.get("fresh_spf_mechanism"),
                (String) m.get("classification"));
    }
}
