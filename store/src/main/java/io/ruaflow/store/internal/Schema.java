package io.ruaflow.store.internal;

import java.util.List;

/**
 * The tables both stores hold, declared once; each store renders them in its own SQL. Migration 1 creates every
 * column with {@code since == 1}; a later change adds columns with a higher {@code since} and a migration that
 * adds them, never edits an applied one.
 *
 * <ul>
 *   <li>{@code records}: one row per report record with the enrichment and the header fields its queries filter
 *       on (policy domain, reporter, period; the rest of the header is in {@code reports} once per report, since
 *       migration 7); auth results and lists as JSON text. Key: (report_uid, position).
 *   <li>{@code record_days}: the analytics facts, one row per record and UTC day its report period covers, with
 *       the record's messages spread over those days by {@link DaySplit} at write time. Key: (report_uid,
 *       position, day). Every query reads this table, so both stores sum the same integers.
 *   <li>{@code reports}: one row per complete report: metadata, totals, warnings, source. Key: report_uid. Written
 *       last, it is the completion marker: every analytics query counts only records whose report has a row here,
 *       so a report whose input failed part-way counts whole or not at all.
 *   <li>{@code rejected_reports} (since 2): one row per report whose input failed after some of its records were
 *       written, with the reason; listed as rejected until an intact copy completes it. Key: report_uid.
 *   <li>{@code tls_policies}, {@code tls_failures}, {@code tls_reports} (since 4): SMTP TLS reports, see
 *       {@link #TLS_REPORTS}.
 * </ul>
 *
 * Domains are stored lower-cased; booleans as 0/1; instants as epoch milliseconds (UTC).
 */
public final class Schema {
    private Schema() {}

    /** The logical column types, rendered per store. */
    public enum Type {
        TEXT,
        LONG,
        INT,
        FLAG,
        DATE
    }

    public record Column(String name, Type type, boolean nullable, int since) {}

    public record Table(String name, List<Column> columns, List<String> key, List<String> clickHouseOrder) {
        public int index(String column) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(column)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no column " + column + " in " + name);
        }
    }

    /**
     * The latest schema version; a store records each applied version in {@code schema_migrations}. Migration
     * {@code v} creates the tables whose columns all have {@code since == v}. Version 3 adds to {@code record_days}
     * what the sources answer shows (verdict differs, PTR confirmation and base domain, the deciding SPF mechanism,
     * DKIM key checks) and creates {@link #FIRST_SEEN}, filled from the stored days. Version 4 creates the SMTP TLS
     * tables ({@link #TLS_TABLES}); version 5 creates the failure reports' table ({@link #FAILURE_REPORTS}); version 6 creates the {@link #STATE_TABLES} of alerts and adds
     * {@code records.org_domain_method}. Version 7 drops from {@code records} the header columns no query reads
     * ({@link #DROPPED}): they were written on every record, a third of its values. A version with nothing to do is
     * skipped and not recorded as applied, so a migration that lands later under that number still runs. Version 8
     * and 9 are DuckDB's alone ({@link #SORTED_DAYS_VERSION}, {@link #KEYED_FIRST_SEEN_VERSION}).
     */
    public static final int VERSION = 9;

    /**
     * The version that keys DuckDB's {@code first_seen} by one column, the domain and IP joined by a line feed: DuckDB
     * scans an index only for a filter on one column, so a page's first-seen lookup reads its IPs' rows for that
     * domain alone, not those of every domain the IPs send for. ClickHouse reads {@code first_seen} in key order
     * already: nothing to do there.
     */
    public static final int KEYED_FIRST_SEEN_VERSION = 9;

    /**
     * The version that keeps DuckDB's {@code record_days} sorted by domain and day (new days collect in {@code
     * record_days_recent} and are sorted in a million at a time). ClickHouse
     * keeps its tables in key order already: nothing to do there.
     */
    public static final int SORTED_DAYS_VERSION = 8;

    /** The version that drops from {@code records} the report-header columns {@code reports} holds once per report. */
    public static final int NARROW_RECORDS_VERSION = 7;

    /** The version that keeps alert state and adds {@code records.org_domain_method}. */
    public static final int ALERTS_VERSION = 6;

    private static Column text(String name) {
        return new Column(name, Type.TEXT, false, 1);
    }

    private static Column optText(String name) {
        return new Column(name, Type.TEXT, true, 1);
    }

    private static Column of(String name, Type type) {
        return new Column(name, type, false, 1);
    }

    private static Column opt(String name, Type type) {
        return new Column(name, type, true, 1);
    }

    /** A column added by migration 3: nullable, since rows written before it have no value. */
    private static Column v3(String name, Type type) {
        return new Column(name, type, true, 3);
    }

    /**
     * The report-header columns {@code records} keeps: what its own queries filter or show (source detail, DKIM
     * selectors, retention). The others are in {@code reports} and {@code rejected_reports}.
     */
    private static final List<String> RECORD_HEADER_COLUMNS =
            List.of("policy_domain", "org_name", "begin_ms", "end_ms");

    /** A column that migration {@code version} removed from {@code table}. */
    public record Dropped(Table table, String column, int version) {}

    private static List<Column> headerColumns() {
        return List.of(
                text("policy_domain"),
                text("org_name"),
                optText("org_email"),
                optText("extra_contact_info"),
                text("report_id"),
                of("begin_ms", Type.LONG),
                of("end_ms", Type.LONG),
                text("report_errors"),
                optText("generator"),
                optText("schema_name"),
                optText("source_file"),
                optText("source_sha256"),
                optText("policy_p"),
                optText("policy_sp"),
                optText("policy_np"),
                optText("policy_adkim"),
                optText("policy_aspf"),
                opt("policy_pct", Type.INT),
                optText("policy_fo"),
                optText("policy_testing"),
                optText("policy_discovery_method"));
    }

    public static final Table RECORDS = new Table(
            "records",
            concat(
                    List.of(text("report_uid"), of("position", Type.LONG)),
                    headerColumns().stream()
                            .filter(c -> RECORD_HEADER_COLUMNS.contains(c.name()))
                            .toList(),
                    List.of(
                            text("source_ip"),
                            of("message_count", Type.LONG),
                            optText("disposition"),
                            optText("eval_dkim"),
                            optText("eval_spf"),
                            text("reasons"),
                            optText("envelope_to"),
                            optText("envelope_from"),
                            optText("header_from"),
                            text("dkim_results"),
                            text("spf_results"),
                            optText("header_from_org_domain"),
                            optText("spf_domain"),
                            of("spf_aligned", Type.FLAG),
                            of("dkim_aligned", Type.FLAG),
                            of("dmarc_pass", Type.FLAG),
                            of("differs_from_reporter", Type.FLAG),
                            optText("fresh_spf_result"),
                            optText("fresh_spf_mechanism"),
                            text("dkim_keys"),
                            optText("ptr_name"),
                            opt("ptr_confirmed", Type.FLAG),
                            optText("ptr_base_domain"),
                            optText("service"),
                            optText("service_type"),
                            optText("classification"),
                            opt("checked_at_ms", Type.LONG),
                            of("written_at_ms", Type.LONG),
                            // treewalk or psl: what decided header_from_org_domain and relaxed alignment
                            new Column("org_domain_method", Type.TEXT, true, ALERTS_VERSION))),
            List.of("report_uid", "position"),
            List.of("policy_domain", "report_uid", "position"));

    public static final Table RECORD_DAYS = new Table(
            "record_days",
            List.of(
                    text("report_uid"),
                    of("position", Type.LONG),
                    of("day", Type.DATE),
                    text("policy_domain"),
                    text("org_name"),
                    of("begin_ms", Type.LONG),
                    text("source_ip"),
                    text("disposition"),
                    of("dmarc_pass", Type.FLAG),
                    of("spf_aligned", Type.FLAG),
                    of("dkim_aligned", Type.FLAG),
                    text("classification"),
                    optText("ptr_name"),
                    optText("service"),
                    optText("fresh_spf_result"),
                    text("enrich_key"),
                    of("messages", Type.LONG),
                    v3("differs_from_reporter", Type.FLAG),
                    v3("ptr_confirmed", Type.FLAG),
                    v3("ptr_base_domain", Type.TEXT),
                    v3("fresh_spf_mechanism", Type.TEXT),
                    v3("dkim_keys", Type.TEXT)),
            List.of("report_uid", "position", "day"),
            List.of("policy_domain", "report_uid", "position", "day"));

    public static final Table REPORTS = new Table(
            "reports",
            concat(
                    List.of(text("report_uid")),
                    headerColumns(),
                    List.of(
                            of("record_count", Type.LONG),
                            of("message_count", Type.LONG),
                            text("warnings"),
                            of("written_at_ms", Type.LONG))),
            List.of("report_uid"),
            List.of("report_uid"));

    public static final Table REJECTED_REPORTS = new Table(
            "rejected_reports",
            concat(
                    List.of(new Column("report_uid", Type.TEXT, false, 2)),
                    since(2, headerColumns()),
                    List.of(
                            new Column("records_before", Type.LONG, false, 2),
                            new Column("reason", Type.TEXT, false, 2),
                            new Column("written_at_ms", Type.LONG, false, 2))),
            List.of("report_uid"),
            List.of("report_uid"));

    /** The aggregate report tables. */
    public static final List<Table> TABLES = List.of(RECORDS, RECORD_DAYS, REPORTS, REJECTED_REPORTS);

    /** Columns removed by a migration, in the order they are dropped. */
    public static final List<Dropped> DROPPED = headerColumns().stream()
            .filter(c -> !RECORD_HEADER_COLUMNS.contains(c.name()))
            .map(c -> new Dropped(RECORDS, c.name(), NARROW_RECORDS_VERSION))
            .toList();

    /** The columns migration {@code version} drops from {@code table}, in order; empty for most. */
    public static List<String> droppedBy(Table table, int version) {
        return DROPPED.stream()
                .filter(d -> d.table() == table && d.version() == version)
                .map(Dropped::column)
                .toList();
    }

    private static Column v6(String name, Type type) {
        return new Column(name, type, false, ALERTS_VERSION);
    }

    /**
     * One row per claim of an alert (since 6): an evaluator that finds a condition inserts a claim with a random
     * {@code claim} token and fires only if its claim is the earliest (fired_at_ms, then claim) for the
     * {@code alert_key}. So an alert fires once, across restarts and between evaluators sharing the store. Key:
     * (alert_key, claim).
     */
    public static final Table ALERTS = new Table(
            "alerts",
            List.of(
                    v6("alert_key", Type.TEXT),
                    v6("claim", Type.TEXT),
                    v6("kind", Type.TEXT),
                    v6("policy_domain", Type.TEXT),
                    v6("subject", Type.TEXT),
                    v6("summary", Type.TEXT),
                    v6("details", Type.TEXT),
                    v6("fired_at_ms", Type.LONG)),
            List.of("alert_key", "claim"),
            List.of("alert_key", "claim"));

    /** Each delivery attempt's outcome per alert and channel (since 6), appended. Key: (alert_key, channel, at_ms). */
    public static final Table ALERT_DELIVERIES = new Table(
            "alert_deliveries",
            List.of(
                    v6("alert_key", Type.TEXT),
                    v6("channel", Type.TEXT),
                    v6("outcome", Type.TEXT),
                    v6("attempts", Type.INT),
                    v6("detail", Type.TEXT),
                    v6("at_ms", Type.LONG)),
            List.of("alert_key", "channel", "at_ms"),
            List.of("alert_key", "channel", "at_ms"));

    /**
     * What the posture-change alert compares against (since 6): each (domain, aspect) value as last seen, appended;
     * the latest {@code seen_at_ms} wins. Key: (policy_domain, aspect, seen_at_ms).
     */
    public static final Table POSTURE_BASELINES = new Table(
            "posture_baselines",
            List.of(
                    v6("policy_domain", Type.TEXT),
                    v6("aspect", Type.TEXT),
                    v6("value", Type.TEXT),
                    v6("seen_at_ms", Type.LONG)),
            List.of("policy_domain", "aspect", "seen_at_ms"),
            List.of("policy_domain", "aspect", "seen_at_ms"));

    /**
     * Tables no record write touches, created by their migration like {@link #TABLES}: the alert state. Not in
     * {@link #TABLES}, which the record writers stage and load.
     */
    public static final List<Table> STATE_TABLES = List.of(ALERTS, ALERT_DELIVERIES, POSTURE_BASELINES);

    private static Column v4(String name, Type type) {
        return new Column(name, type, false, 4);
    }

    private static Column v4opt(String name, Type type) {
        return new Column(name, type, true, 4);
    }

    /**
     * One row per policy of an SMTP TLS report, with the report's reporter and period; {@code day} is the UTC day
     * the report's period starts (a TLS report covers one day). Key: (report_uid, policy_index).
     */
    public static final Table TLS_POLICIES = new Table(
            "tls_policies",
            List.of(
                    v4("report_uid", Type.TEXT),
                    v4("policy_index", Type.LONG),
                    v4("day", Type.DATE),
                    v4("policy_domain", Type.TEXT),
                    v4("policy_type", Type.TEXT),
                    v4("policy_strings", Type.TEXT),
                    v4("mx_hosts", Type.TEXT),
                    v4("org_name", Type.TEXT),
                    v4("begin_ms", Type.LONG),
                    v4("end_ms", Type.LONG),
                    v4("successful_sessions", Type.LONG),
                    v4("failed_sessions", Type.LONG)),
            List.of("report_uid", "policy_index"),
            List.of("policy_domain", "report_uid", "policy_index"));

    /** One row per failure detail of a policy of an SMTP TLS report. Key: (report_uid, policy_index, detail_index). */
    public static final Table TLS_FAILURES = new Table(
            "tls_failures",
            List.of(
                    v4("report_uid", Type.TEXT),
                    v4("policy_index", Type.LONG),
                    v4("detail_index", Type.LONG),
                    v4("day", Type.DATE),
                    v4("policy_domain", Type.TEXT),
                    v4("org_name", Type.TEXT),
                    v4("result_type", Type.TEXT),
                    v4opt("sending_mta_ip", Type.TEXT),
                    v4opt("receiving_mx_hostname", Type.TEXT),
                    v4opt("receiving_mx_helo", Type.TEXT),
                    v4opt("receiving_ip", Type.TEXT),
                    v4("failed_sessions", Type.LONG),
                    v4opt("additional_information", Type.TEXT),
                    v4opt("failure_reason_code", Type.TEXT)),
            List.of("report_uid", "policy_index", "detail_index"),
            List.of("policy_domain", "report_uid", "policy_index", "detail_index"));

    /**
     * One row per complete SMTP TLS report, written last: the completion marker every TLS query requires, as
     * {@code reports} is for aggregates. Key: report_uid.
     */
    public static final Table TLS_REPORTS = new Table(
            "tls_reports",
            List.of(
                    v4("report_uid", Type.TEXT),
                    v4("org_name", Type.TEXT),
                    v4opt("contact_info", Type.TEXT),
                    v4("report_id", Type.TEXT),
                    v4("begin_ms", Type.LONG),
                    v4("end_ms", Type.LONG),
                    v4("domains", Type.TEXT),
                    v4("policy_count", Type.LONG),
                    v4("successful_sessions", Type.LONG),
                    v4("failed_sessions", Type.LONG),
                    v4("warnings", Type.TEXT),
                    v4opt("source_file", Type.TEXT),
                    v4opt("source_sha256", Type.TEXT),
                    v4("written_at_ms", Type.LONG)),
            List.of("report_uid"),
            List.of("report_uid"));

    /** The SMTP TLS tables, the completion table last (the order a write fills them in). */
    public static final List<Table> TLS_TABLES = List.of(TLS_POLICIES, TLS_FAILURES, TLS_REPORTS);

    /** The version that creates {@link #FAILURE_REPORTS}. */
    public static final int FAILURE_VERSION = 5;

    private static Column v5(String name, Type type) {
        return new Column(name, type, false, FAILURE_VERSION);
    }

    private static Column v5opt(String name, Type type) {
        return new Column(name, type, true, FAILURE_VERSION);
    }

    /**
     * One row per DMARC failure report (since 5): the report's facts, the original's headers (never its body;
     * local parts redacted when {@code failure.redact} is on) and the live re-check of its source. A report is one
     * row, so it counts whole or not at all; written once per uid. Kept {@code failure.retention.days} after
     * arrival. Key: report_uid.
     */
    public static final Table FAILURE_REPORTS = new Table(
            "failure_reports",
            List.of(
                    v5("report_uid", Type.TEXT),
                    v5("reported_domain", Type.TEXT),
                    v5("arrival_ms", Type.LONG),
                    v5opt("source_ip", Type.TEXT),
                    v5opt("reporter", Type.TEXT),
                    v5opt("reporter_email", Type.TEXT),
                    v5("format", Type.TEXT),
                    v5("feedback_type", Type.TEXT),
                    v5opt("user_agent", Type.TEXT),
                    v5("auth_failures", Type.TEXT),
                    v5opt("delivery_result", Type.TEXT),
                    v5opt("authentication_results", Type.TEXT),
                    v5opt("original_mail_from", Type.TEXT),
                    v5opt("original_rcpt_to", Type.TEXT),
                    v5opt("header_from", Type.TEXT),
                    v5opt("header_to", Type.TEXT),
                    v5opt("subject", Type.TEXT),
                    v5opt("message_id", Type.TEXT),
                    v5opt("dkim_domain", Type.TEXT),
                    v5opt("dkim_selector", Type.TEXT),
                    v5opt("dkim_result", Type.TEXT),
                    v5opt("spf_domain", Type.TEXT),
                    v5opt("spf_result", Type.TEXT),
                    v5("headers", Type.TEXT),
                    v5("redacted", Type.FLAG),
                    v5("warnings", Type.TEXT),
                    v5opt("source_file", Type.TEXT),
                    v5opt("source_sha256", Type.TEXT),
                    v5opt("ptr_name", Type.TEXT),
                    v5opt("ptr_confirmed", Type.FLAG),
                    v5opt("service", Type.TEXT),
                    v5opt("fresh_spf_result", Type.TEXT),
                    v5opt("fresh_spf_mechanism", Type.TEXT),
                    v5opt("classification", Type.TEXT),
                    v5opt("checked_at_ms", Type.LONG),
                    v5("written_at_ms", Type.LONG)),
            List.of("report_uid"),
            List.of("reported_domain", "report_uid"));

    /** The failure-report tables. */
    public static final List<Table> FAILURE_TABLES = List.of(FAILURE_REPORTS);

    /** Every table a migration creates or alters from its columns' {@code since}, but {@link #FIRST_SEEN}. */
    public static final List<Table> MIGRATED = java.util.stream.Stream.of(
                    TABLES, TLS_TABLES, FAILURE_TABLES, STATE_TABLES)
            .flatMap(List::stream)
            .toList();

    /**
     * Whether migration {@code version} creates {@code table}: its oldest columns are that new. Columns of a later
     * version are added to the existing table by their own migration.
     */
    public static boolean createdBy(Table table, int version) {
        return table.columns().stream().mapToInt(Column::since).min().orElse(0) == version;
    }

    private static List<Column> since(int version, List<Column> columns) {
        return columns.stream()
                .map(c -> new Column(c.name(), c.type(), c.nullable(), version))
                .toList();
    }

    /**
     * The first UTC day each source IP had messages for each policy domain, on the same day basis as
     * {@code record_days} (a report spread over two days counts its IP first seen on the first day it has a share
     * of the messages). Maintained on every write (the earlier day wins), so "new sources" never scans history.
     * {@code first_day_rank} is {@code 100000 - epoch day}: ClickHouse keeps the row with the highest rank
     * ({@code ReplacingMergeTree(first_day_rank)}), i.e. the earliest day. Key: (policy_domain, source_ip). Not in
     * {@link #TABLES}: created by migration 3.
     */
    public static final Table FIRST_SEEN = new Table(
            "first_seen",
            List.of(
                    new Column("policy_domain", Type.TEXT, false, 3),
                    new Column("source_ip", Type.TEXT, false, 3),
                    new Column("first_day", Type.DATE, false, 3),
                    new Column("first_day_rank", Type.LONG, false, 3)),
            List.of("policy_domain", "source_ip"),
            List.of("policy_domain", "source_ip"));

    /** The rank that makes the earliest day win (see {@link #FIRST_SEEN}). */
    public static long firstDayRank(java.time.LocalDate day) {
        return 100_000L - day.toEpochDay();
    }

    @SafeVarargs
    private static List<Column> concat(List<Column>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
