package io.ruaflow.store.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ruaflow.enricher.Classification;
import io.ruaflow.enricher.DkimKeyCheck;
import io.ruaflow.enricher.Enrichment;
import io.ruaflow.enricher.OrgDomainMethod;
import io.ruaflow.enricher.PostureChecker;
import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.SpfAuthResult;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainOverview;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.FailureRow;
import io.ruaflow.store.FailureSource;
import io.ruaflow.store.ReportInfo;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReporterVolume;
import io.ruaflow.store.Retention;
import io.ruaflow.store.SourceDetail;
import io.ruaflow.store.SourcePage;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.StoredDomain;
import io.ruaflow.store.StoredRecord;
import io.ruaflow.store.TlsSummary;
import io.ruaflow.store.WeeklyData;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics queries, written once in the SQL both stores understand. A store supplies how to run a query with
 * {@code ?} parameters (bound, or quoted by {@link SqlLiterals}), how to name its tables (ClickHouse adds
 * {@code FINAL} so rows not yet merged are counted once) and its name for {@code argMax}.
 */
public abstract class SqlStore implements ReportStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqlStore.class);
    /** The most reports one {@link #reports} call returns. */
    public static final int MAX_REPORTS = 10_000;
    /** The most days one {@link #timeseries} answer lists (it lists every day, with or without volume). */
    public static final int MAX_TIMESERIES_DAYS = 20 * 366;

    private static final Pattern ISO_WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
    private static final TypeReference<List<DkimAuthResult>> DKIM_RESULTS = new TypeReference<>() {};
    /** Distinct auth-result lists read per {@link #dkimSelectors} call. */
    static final int MAX_DKIM_RESULT_SETS = 10_000;

    /** Runs a query; rows map lower-case column labels to String, Number, date or null values. */
    protected abstract List<Map<String, Object>> select(String sql, List<Object> params);

    /** {@code days}, {@code records} or {@code reports}, as this store reads it (with FINAL in ClickHouse). */
    protected abstract String table(Schema.Table table);

    protected abstract String argMax();

    /** Appends one row to one of the {@link Schema#STATE_TABLES}, durably when this returns. */
    protected abstract void appendStateRow(Schema.Table table, Object[] row);

    /**
     * How long an alert claim waits before it reads who won (see {@link SqlAlertState}): 0 for a store one process
     * owns; a server store shared by processes overrides it.
     */
    protected long claimSettleMs() {
        return 0;
    }

    private final SqlAlertState alertState = new SqlAlertState(this, this::appendStateRow, claimSettleMs());
    private final SqlFailures failureReports = new SqlFailures(this);

    @Override
    public List<FailureRow> failures(String domain, DateRange range, int limit) {
        return failureReports.failures(domain, range, limit);
    }

    @Override
    public List<FailureSource> failureSources(String domain, DateRange range) {
        return failureReports.sources(domain, range);
    }

    @Override
    public Optional<String> failureHeaders(String reportUid) {
        return failureReports.headers(reportUid);
    }

    /** How many failure reports arrived before {@code cutoff}: what a retention delete will remove. */
    protected long failuresArrivedBefore(Instant cutoff) {
        return failureReports.countArrivedBefore(cutoff);
    }

    @Override
    public boolean claim(AlertClaim alert) {
        return alertState.claim(alert);
    }

    @Override
    public void recordDelivery(String alertKey, AlertDelivery delivery) {
        alertState.recordDelivery(alertKey, delivery);
    }

    @Override
    public List<StoredAlert> alerts(String domain, int limit) {
        return alertState.alerts(domain, limit);
    }

    @Override
    public Map<String, String> postureBaseline(String domain) {
        return alertState.postureBaseline(domain);
    }

    @Override
    public void recordPostureBaseline(String domain, Map<String, String> aspects, Instant seenAt) {
        alertState.recordPostureBaseline(domain, aspects, seenAt);
    }

    /**
     * Whether the dialect has window functions ({@code count(*) OVER ()}), so a page of sources is counted in the
     * read that lists it; ClickHouse 18.16 has none.
     */
    protected boolean hasWindowFunctions() {
        return false;
    }

    /**
     * How a subquery over {@code first_seen} is joined: {@code IN}, or {@code GLOBAL IN} on a ClickHouse cluster,
     * where first_seen is not sharded with the report it is compared with.
     */
    protected String inFirstSeen() {
        return "IN";
    }

    /** Deletes the rows of {@code table} that match {@code where} (one {@code ?}, bound to {@code bound}). */
    protected abstract void deleteWhere(Schema.Table table, String where, Object bound);

    private volatile AutoCloseable expiryTask;

    /**
     * Deletes every row older than {@code retention} keeps on {@code today} (UTC), table by table ({@link
     * Expiry#AGED}); a kind kept forever is left alone. ClickHouse deletes in the background (a mutation): the rows
     * are gone from answers once it completes.
     */
    public void deleteExpired(Retention retention, LocalDate today) {
        for (Expiry.Aged aged : Expiry.AGED) {
            LocalDate firstKept = retention.cutoff(aged.kind(), today);
            if (firstKept != null) {
                deleteWhere(aged.table(), aged.expiredWhere(), aged.bound(firstKept));
            }
        }
        for (Map.Entry<String, Integer> kind : retention.daysByKind().entrySet()) {
            LOG.info(
                    "{}: deleted {} data before {} (retention {} days); next run in {} min",
                    describe(),
                    kind.getKey(),
                    retention.cutoff(kind.getKey(), today),
                    kind.getValue(),
                    Expiry.INTERVAL.toMinutes());
        }
    }

    /** Starts deleting expired rows now and every {@link Expiry#INTERVAL} when the retention keeps not all. */
    protected final void scheduleExpiry(Retention retention) {
        if (!retention.isEmpty()) {
            expiryTask = Expiry.schedule(describe(), retention, today -> deleteExpired(retention, today));
        }
    }

    /** Stops the task {@link #scheduleExpiry} started; safe to call twice. */
    protected final void stopExpiry() {
        AutoCloseable task = expiryTask;
        expiryTask = null;
        if (task != null) {
            try {
                task.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the retention task of " + describe(), e);
            }
        }
    }

    private String days() {
        return table(Schema.RECORD_DAYS);
    }

    /**
     * The predicate every query over record rows carries: the row's report is complete (its {@code reports} row,
     * written last, exists). Records of a report whose input failed part-way never count, and count once the
     * intact report completes.
     */
    protected String completeReportsOnly() {
        return "report_uid IN (SELECT report_uid FROM " + table(Schema.REPORTS) + ")";
    }

    /**
     * {@link #completeReportsOnly} for rows of one domain, reading only that domain's reports (a fraction of the
     * semi-join's work where many domains share the store): its parameter, the domain's key, is bound after the
     * caller's.
     */
    private String completeReportsOfDomain() {
        return "report_uid IN (SELECT report_uid FROM " + table(Schema.REPORTS) + " WHERE policy_domain = ?)";
    }

    /** The same for rows of SMTP TLS reports: their {@code tls_reports} row, written last, exists. */
    private String completeTlsReportsOnly() {
        return "report_uid IN (SELECT report_uid FROM " + table(Schema.TLS_REPORTS) + ")";
    }

    @Override
    public List<DomainOverview> domains(DateRange range) {
        String sql = "SELECT policy_domain AS v_domain, sum(messages) AS v_m,"
                + " sum(CASE WHEN dmarc_pass = 1 THEN messages ELSE 0 END) AS v_p"
                + " FROM " + days() + " WHERE day >= ? AND day <= ? AND " + completeReportsOnly()
                + " GROUP BY policy_domain HAVING sum(messages) > 0 ORDER BY v_m DESC, v_domain";
        List<DomainOverview> result = new ArrayList<>();
        for (Map<String, Object> row : select(sql, List.of(range.from(), range.to()))) {
            long messages = asLong(row.get("v_m"));
            long pass = asLong(row.get("v_p"));
            result.add(new DomainOverview(
                    (String) row.get("v_domain"), messages, pass, messages == 0 ? 0 : (double) pass / messages));
        }
        // then the domains only SMTP TLS or failure reports speak of in the range: no messages, but answers
        Set<String> listed = new HashSet<>();
        result.forEach(d -> listed.add(d.domain()));
        Set<String> mailboxOnly = new TreeSet<>(failureReports.domains(range));
        for (Map<String, Object> row : select(
                "SELECT DISTINCT policy_domain AS v_domain FROM " + table(Schema.TLS_POLICIES)
                        + " WHERE day >= ? AND day <= ? AND " + completeTlsReportsOnly(),
                List.of(range.from(), range.to()))) {
            mailboxOnly.add((String) row.get("v_domain"));
        }
        for (String domain : mailboxOnly) {
            if (domain != null && !domain.isEmpty() && listed.add(domain)) {
                result.add(new DomainOverview(domain, 0, 0, 0));
            }
        }
        return result;
    }

    @Override
    public DomainSummary summary(String domain, DateRange range) {
        String key = Rows.domainKey(domain);
        List<Object> params = List.of(key, range.from(), range.to(), key);
        String where = " FROM " + days() + " WHERE policy_domain = ? AND day >= ? AND day <= ? AND "
                + completeReportsOfDomain();
        Map<String, Object> totals = select(
                        "SELECT count(DISTINCT report_uid) AS v_r, sum(messages) AS v_m,"
                                + " sum(CASE WHEN dmarc_pass = 1 THEN messages ELSE 0 END) AS v_p,"
                                + " sum(CASE WHEN spf_aligned = 1 THEN messages ELSE 0 END) AS v_s,"
                                + " sum(CASE WHEN dkim_aligned = 1 THEN messages ELSE 0 END) AS v_d"
                                + where,
                        params)
                .get(0);
        Map<String, Long> dispositions = new LinkedHashMap<>();
        for (String disposition : List.of("none", "quarantine", "reject", "pass")) {
            dispositions.put(disposition, 0L);
        }
        for (Map<String, Object> row : select(
                "SELECT disposition AS v_disposition, sum(messages) AS v_m" + where
                        + " GROUP BY disposition ORDER BY v_disposition",
                params)) {
            if (row.get("v_disposition") != null && !"".equals(row.get("v_disposition"))) {
                dispositions.merge((String) row.get("v_disposition"), asLong(row.get("v_m")), Math::addExact);
            }
        }
        List<ReporterVolume> reporters = new ArrayList<>();
        for (Map<String, Object> row : select(
                "SELECT org_name AS v_org, count(DISTINCT report_uid) AS v_r, sum(messages) AS v_m" + where
                        + " GROUP BY org_name HAVING sum(messages) > 0 ORDER BY v_m DESC, v_org",
                params)) {
            reporters.add(
                    new ReporterVolume((String) row.get("v_org"), asLong(row.get("v_r")), asLong(row.get("v_m"))));
        }
        long messages = asLong(totals.get("v_m"));
        long pass = asLong(totals.get("v_p"));
        return new DomainSummary(
                key,
                range,
                messages == 0 ? 0 : asLong(totals.get("v_r")),
                messages,
                pass,
                messages - pass,
                asLong(totals.get("v_s")),
                asLong(totals.get("v_d")),
                dispositions,
                reporters);
    }

    /** The sum of messages matching a condition on a record_days row. */
    private static String messagesWhere(String condition) {
        return "sum(CASE WHEN " + condition + " THEN messages ELSE 0 END)";
    }

    /** DMARC passes but SPF or DKIM does not align: the one definition of "partial". */
    private static final String PARTIAL = "dmarc_pass = 1 AND (spf_aligned = 0 OR dkim_aligned = 0)";

    /** The values each enrichment column is read as: the latest for the IP (greatest enrich_key). */
    private static final List<String> LATEST = List.of(
            "ptr_name",
            "ptr_confirmed",
            "ptr_base_domain",
            "service",
            "fresh_spf_result",
            "fresh_spf_mechanism",
            "dkim_keys");

    /**
     * FROM, WHERE, GROUP BY and HAVING of a sources query (the one definition of which sources a query lists),
     * adding its parameters; {@code ip} narrows it to one source when not null.
     */
    private String sourcesBody(String domain, DateRange range, SourceQuery query, String ip, List<Object> params) {
        String key = Rows.domainKey(domain);
        StringBuilder sql = new StringBuilder(sourceRowsWhere(domain, range, query, params));
        if (ip != null) {
            sql.append(" AND source_ip = ?");
            params.add(ip);
        }
        if (query.newOnly()) {
            sql.append(" AND source_ip ")
                    .append(inFirstSeen())
                    .append(" (SELECT source_ip FROM ")
                    .append(table(Schema.FIRST_SEEN))
                    .append(" WHERE policy_domain = ? GROUP BY source_ip HAVING min(first_day) >= ?")
                    .append(" AND min(first_day) <= ?)");
            params.add(key);
            params.add(range.from());
            params.add(range.to());
        }
        sql.append(" GROUP BY source_ip HAVING sum(messages) > 0");
        if (query.failingOnly()) {
            sql.append(" AND ").append(messagesWhere("dmarc_pass = 0")).append(" > 0");
        }
        if (query.partialOnly()) {
            sql.append(" AND ").append(messagesWhere(PARTIAL)).append(" > 0");
        }
        return sql.toString();
    }

    /**
     * FROM and WHERE of the rows a sources query counts: the domain's record days in the range, of complete reports,
     * from the asked reporter only; adds the parameters.
     */
    private String sourceRowsWhere(String domain, DateRange range, SourceQuery query, List<Object> params) {
        StringBuilder sql = new StringBuilder(" FROM ").append(days());
        sql.append(" WHERE policy_domain = ? AND day >= ? AND day <= ? AND ").append(completeReportsOfDomain());
        params.add(Rows.domainKey(domain));
        params.add(range.from());
        params.add(range.to());
        params.add(Rows.domainKey(domain));
        if (query.reporter() != null) {
            sql.append(" AND org_name = ?");
            params.add(query.reporter());
        }
        return sql.toString();
    }

    @Override
    public List<SourceRow> sources(String domain, DateRange range, SourceQuery query) {
        return sourceRows(domain, range, query, null, false).rows();
    }

    @Override
    public SourcePage sourcePage(String domain, DateRange range, SourceQuery query) {
        return sourceRows(domain, range, query, null, true);
    }

    @Override
    public long sourceCount(String domain, DateRange range, SourceQuery query) {
        List<Object> params = new ArrayList<>();
        String body = sourcesBody(domain, range, query, null, params);
        return asLong(select("SELECT count(*) AS v_n FROM (SELECT source_ip" + body + ") AS t", params)
                .get(0)
                .get("v_n"));
    }

    /**
     * The page of sources; with {@code counted}, how many match in all too (else the total is the page's size):
     * counted in the same read where the dialect has window functions, by {@link #sourceCount} only when the page
     * is full.
     */
    private SourcePage sourceRows(String domain, DateRange range, SourceQuery query, String ip, boolean counted) {
        // Which sources the page lists takes only their totals; what the page shows of each (eleven conditional
        // sums, the latest enrichment) is read for those sources alone. Computing it for every source of the range
        // was most of the answer's time when a domain has a hundred thousand sources or more.
        boolean countInPage = counted && hasWindowFunctions();
        List<Object> params = new ArrayList<>();
        String sql = "SELECT source_ip AS v_ip, sum(messages) AS v_m"
                + (countInPage ? ", count(*) OVER () AS v_total" : "")
                + sourcesBody(domain, range, query, ip, params)
                + " ORDER BY v_m DESC, v_ip LIMIT " + query.limit();
        List<Map<String, Object>> rows = select(sql, params);
        long total = rows.size();
        if (countInPage && !rows.isEmpty()) {
            total = asLong(rows.get(0).get("v_total"));
        } else if (counted && rows.size() == query.limit()) {
            total = sourceCount(domain, range, query);
        }
        List<String> listed = rows.stream().map(row -> (String) row.get("v_ip")).toList();
        Map<String, LocalDate> firstSeen = firstSeen(domain, listed);
        Map<String, Map<String, Object>> detailsOf = details(domain, range, query, listed);
        List<SourceRow> result = new ArrayList<>();
        for (Map<String, Object> counts : rows) {
            Map<String, Object> row = new HashMap<>(counts);
            row.putAll(detailsOf.getOrDefault((String) counts.get("v_ip"), Map.of()));
            String classification = null;
            long best = 0;
            for (Classification c : Classification.values()) {
                long volume = asLong(row.get("v_c_" + c.wireName()));
                if (volume > best) {
                    best = volume;
                    classification = c.wireName();
                }
            }
            long m = asLong(row.get("v_m"));
            long pass = asLong(row.get("v_dmarc_pass"));
            String sourceIp = (String) row.get("v_ip");
            Object confirmed = row.get("v_ptr_confirmed");
            result.add(new SourceRow(
                    sourceIp,
                    (String) row.get("v_ptr_name"),
                    confirmed == null ? null : asLong(confirmed) == 1,
                    (String) row.get("v_ptr_base_domain"),
                    (String) row.get("v_service"),
                    m,
                    pass,
                    m - pass,
                    asLong(row.get("v_spf_aligned")),
                    asLong(row.get("v_dkim_aligned")),
                    asLong(row.get("v_partial")),
                    asLong(row.get("v_differs")),
                    (String) row.get("v_fresh_spf_result"),
                    (String) row.get("v_fresh_spf_mechanism"),
                    parseJson((String) row.get("v_dkim_keys"), DKIM_KEYS),
                    classification,
                    firstSeen.getOrDefault(sourceIp, asDate(row.get("v_first_in_range")))));
        }
        return new SourcePage(result, Math.max(total, result.size()));
    }

    /**
     * What the page shows of each listed source, over the same rows its total came from (domain, range, complete
     * reports, reporter): its messages by DMARC, SPF and DKIM result, partial and differing, by classification, its
     * first day in the range, and the {@link #LATEST} enrichment values (an arg-max over string keys, the costliest
     * part). Read for the listed sources only (at most {@link SourceQuery#MAX_LIMIT}).
     */
    private Map<String, Map<String, Object>> details(
            String domain, DateRange range, SourceQuery query, List<String> ips) {
        Map<String, Map<String, Object>> result = new HashMap<>();
        for (int i = 0; i < ips.size(); i += IP_LOOKUP_CHUNK) {
            List<String> chunk = ips.subList(i, Math.min(ips.size(), i + IP_LOOKUP_CHUNK));
            List<Object> params = new ArrayList<>();
            StringBuilder sql = new StringBuilder("SELECT source_ip AS v_ip");
            for (String flag : List.of("dmarc_pass", "spf_aligned", "dkim_aligned")) {
                sql.append(", ")
                        .append(messagesWhere(flag + " = 1"))
                        .append(" AS v_")
                        .append(flag);
            }
            sql.append(", ").append(messagesWhere(PARTIAL)).append(" AS v_partial");
            sql.append(", ").append(messagesWhere("differs_from_reporter = 1")).append(" AS v_differs");
            for (Classification classification : Classification.values()) {
                sql.append(", ").append(messagesWhere("classification = ?"));
                sql.append(" AS v_c_").append(classification.wireName());
                params.add(classification.wireName());
            }
            sql.append(", min(day) AS v_first_in_range");
            for (String latest : LATEST) {
                sql.append(", ")
                        .append(argMax())
                        .append('(')
                        .append(latest)
                        .append(", enrich_key) AS v_")
                        .append(latest);
            }
            sql.append(sourceRowsWhere(domain, range, query, params));
            sql.append(" AND source_ip IN (").append(marks(chunk.size())).append(") GROUP BY source_ip");
            params.addAll(chunk);
            for (Map<String, Object> row : select(sql.toString(), params)) {
                result.put((String) row.get("v_ip"), row);
            }
        }
        return result;
    }

    /** How many IPs one lookup (first seen, latest enrichment) names. */
    private static final int IP_LOOKUP_CHUNK = 1_000;

    /** How many completed reports one first-seen merge names. */
    protected static final int FIRST_SEEN_UIDS = 1_000;

    /** The first day each IP had messages for the domain, from the maintained first_seen table. */
    private Map<String, LocalDate> firstSeen(String domain, List<String> ips) {
        Map<String, LocalDate> result = new HashMap<>();
        for (int i = 0; i < ips.size(); i += IP_LOOKUP_CHUNK) {
            List<String> chunk = ips.subList(i, Math.min(ips.size(), i + IP_LOOKUP_CHUNK));
            List<Object> params = new ArrayList<>();
            for (Map<String, Object> row : select(firstSeenSql(Rows.domainKey(domain), chunk, params), params)) {
                if (row.get("v_first") != null) {
                    result.put((String) row.get("v_ip"), asDate(row.get("v_first")));
                }
            }
        }
        return result;
    }

    /**
     * The first-seen lookup, adding its parameters: each of {@code ips} with its first day for the domain
     * ({@code domainKey}) as {@code v_ip} and {@code v_first}; an IP may be left out or have a null day when it was
     * never seen for the domain.
     */
    protected String firstSeenSql(String domainKey, List<String> ips, List<Object> params) {
        params.add(domainKey);
        params.addAll(ips);
        return "SELECT source_ip AS v_ip, min(first_day) AS v_first FROM " + table(Schema.FIRST_SEEN)
                + " WHERE policy_domain = ? AND source_ip IN (" + marks(ips.size()) + ") GROUP BY source_ip";
    }

    /** {@code ?, ?, ...}: {@code n} parameter marks. */
    protected static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    @Override
    public List<DailyVolume> timeseries(String domain, DateRange range) {
        if (range.days() > MAX_TIMESERIES_DAYS) {
            throw new IllegalArgumentException("a timeseries has one entry per day, at most " + MAX_TIMESERIES_DAYS
                    + " (twenty years): " + range.from() + ".." + range.to() + " spans " + range.days() + " days");
        }
        Map<LocalDate, long[]> byDay = new LinkedHashMap<>();
        for (Map<String, Object> row : select(
                "SELECT day AS v_day, sum(messages) AS v_m,"
                        + " sum(CASE WHEN dmarc_pass = 1 THEN messages ELSE 0 END) AS v_p,"
                        + " sum(CASE WHEN spf_aligned = 1 THEN messages ELSE 0 END) AS v_s,"
                        + " sum(CASE WHEN dkim_aligned = 1 THEN messages ELSE 0 END) AS v_d"
                        + " FROM " + days() + " WHERE policy_domain = ? AND day >= ? AND day <= ? AND "
                        + completeReportsOfDomain() + " GROUP BY day ORDER BY v_day",
                List.of(Rows.domainKey(domain), range.from(), range.to(), Rows.domainKey(domain)))) {
            byDay.put(asDate(row.get("v_day")), new long[] {
                asLong(row.get("v_m")), asLong(row.get("v_p")), asLong(row.get("v_s")), asLong(row.get("v_d"))
            });
        }
        List<DailyVolume> result = new ArrayList<>();
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            long[] v = byDay.getOrDefault(day, new long[4]);
            result.add(new DailyVolume(day, v[0], v[1], v[0] - v[1], v[2], v[3]));
        }
        return result;
    }

    @Override
    public WeeklyData weekly(String domain, String isoWeek) {
        LocalDate monday = mondayOf(isoWeek);
        DateRange week = new DateRange(monday, monday.plusDays(6));
        DateRange previous = new DateRange(monday.minusDays(7), monday.minusDays(1));
        SourceQuery all = new SourceQuery(false, SourceQuery.MAX_LIMIT);
        SourceQuery failing = new SourceQuery(true, SourceQuery.MAX_LIMIT);
        SourceQuery fresh = new SourceQuery(false, false, true, SourceQuery.MAX_LIMIT);
        Instant end = monday.plusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<FailureSource> failureSources = failureSources(domain, week);
        SourcePage allSources = sourcePage(domain, week, all);
        SourcePage failingSources = sourcePage(domain, week, failing);
        SourcePage newSources = sourcePage(domain, week, fresh);
        return new WeeklyData(
                Rows.domainKey(domain),
                isoWeek,
                summary(domain, week),
                summary(domain, previous),
                allSources.rows(),
                failingSources.rows(),
                newSources.rows(),
                allSources.total(),
                failingSources.total(),
                newSources.total(),
                timeseries(domain, week),
                policy(domain, end),
                tls(domain, week),
                failureSources.subList(0, Math.min(failureSources.size(), SourceQuery.MAX_LIMIT)),
                failureSources.size(),
                failureSources.stream().mapToLong(FailureSource::failures).sum());
    }

    /** The policy of the latest report for the domain that began before {@code before}. */
    private PolicyPublished policy(String domain, Instant before) {
        List<Map<String, Object>> rows = select(
                "SELECT policy_domain, policy_p, policy_sp, policy_np, policy_adkim, policy_aspf, policy_pct,"
                        + " policy_fo, policy_testing, policy_discovery_method FROM " + table(Schema.REPORTS)
                        + " WHERE policy_domain = ? AND begin_ms < ? ORDER BY begin_ms DESC, report_uid DESC LIMIT 1",
                List.of(Rows.domainKey(domain), before.toEpochMilli()));
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> r = rows.get(0);
        Object pct = r.get("policy_pct");
        return new PolicyPublished(
                (String) r.get("policy_domain"),
                (String) r.get("policy_p"),
                (String) r.get("policy_sp"),
                (String) r.get("policy_np"),
                (String) r.get("policy_adkim"),
                (String) r.get("policy_aspf"),
                pct == null ? null : (int) asLong(pct),
                (String) r.get("policy_fo"),
                (String) r.get("policy_testing"),
                (String) r.get("policy_discovery_method"));
    }

    @Override
    public boolean hasReports(String domain) {
        return !reports(domain, 1).isEmpty()
                || !select(
                                "SELECT report_uid FROM " + table(Schema.TLS_POLICIES) + " WHERE policy_domain = ? AND "
                                        + completeTlsReportsOnly() + " LIMIT 1",
                                List.of(Rows.domainKey(domain)))
                        .isEmpty()
                || failureReports.any(domain);
    }

    @Override
    public List<ReportInfo> reports(String domain, int limit) {
        if (limit < 1 || limit > MAX_REPORTS) {
            throw new IllegalArgumentException(
                    "limit must be between 1 and " + MAX_REPORTS + " (a fixed bound): " + limit);
        }
        List<Object> params = new ArrayList<>();
        String where = "";
        if (domain != null) {
            where = " WHERE policy_domain = ?";
            params.add(Rows.domainKey(domain));
        }
        String order = " ORDER BY begin_ms DESC, report_uid LIMIT " + limit;
        List<ReportInfo> all = new ArrayList<>();
        select(reportColumns() + where + order, params).forEach(r -> all.add(reportInfo(r)));
        String notCompleted = (where.isEmpty() ? " WHERE " : where + " AND ")
                + "report_uid NOT IN (SELECT report_uid FROM " + table(Schema.REPORTS) + ")";
        select(rejectedColumns() + notCompleted + order, params).forEach(r -> all.add(reportInfo(r)));
        all.sort(Comparator.comparing(ReportInfo::begin).reversed().thenComparing(ReportInfo::reportUid));
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    @Override
    public List<StoredDomain> storedDomains() {
        String sql =
                "SELECT policy_domain AS v_domain, min(day) AS v_first, max(day) AS v_last FROM " + days() + " WHERE "
                        + completeReportsOnly() + " GROUP BY policy_domain HAVING sum(messages) > 0 ORDER BY v_domain";
        List<StoredDomain> result = new ArrayList<>();
        for (Map<String, Object> row : select(sql, List.of())) {
            result.add(new StoredDomain(
                    (String) row.get("v_domain"), asDate(row.get("v_first")), asDate(row.get("v_last"))));
        }
        return result;
    }

    @Override
    public Optional<StoredDomain> reportDays(String domain) {
        String key = Rows.domainKey(domain);
        List<DateRange> spans = new ArrayList<>();
        // count(*) beside min() and max(): ClickHouse 18.16 answers min() over no rows with a zero date, not NULL
        for (String sql : List.of(
                "SELECT count(*) AS v_n, min(day) AS v_first, max(day) AS v_last FROM " + days()
                        + " WHERE policy_domain = ? AND " + completeReportsOnly(),
                "SELECT count(*) AS v_n, min(day) AS v_first, max(day) AS v_last FROM " + table(Schema.TLS_POLICIES)
                        + " WHERE policy_domain = ? AND " + completeTlsReportsOnly())) {
            Map<String, Object> row = select(sql, List.of(key)).get(0);
            if (asLong(row.get("v_n")) > 0) {
                spans.add(new DateRange(asDate(row.get("v_first")), asDate(row.get("v_last"))));
            }
        }
        failureReports.arrivalDays(domain).ifPresent(spans::add);
        return spans.stream()
                .reduce((a, b) -> new DateRange(
                        a.from().isBefore(b.from()) ? a.from() : b.from(), a.to().isAfter(b.to()) ? a.to() : b.to()))
                .map(span -> new StoredDomain(key, span.from(), span.to()));
    }

    @Override
    public Optional<ReportInfo> report(String reportUid) {
        if (reportUid == null) {
            return Optional.empty();
        }
        Optional<ReportInfo> complete =
                select(reportColumns() + " WHERE report_uid = ? LIMIT 1", List.of(reportUid)).stream()
                        .findFirst()
                        .map(SqlStore::reportInfo);
        if (complete.isPresent()) {
            return complete;
        }
        return select(rejectedColumns() + " WHERE report_uid = ? LIMIT 1", List.of(reportUid)).stream()
                .findFirst()
                .map(SqlStore::reportInfo);
    }

    @Override
    public List<PostureChecker.Selector> dkimSelectors(String domain, DateRange range) {
        long fromMs = range.from().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long toMs =
                range.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<Map<String, Object>> rows = select(
                "SELECT DISTINCT dkim_results AS v_d FROM " + table(Schema.RECORDS)
                        + " WHERE policy_domain = ? AND begin_ms < ? AND end_ms > ? AND " + completeReportsOnly()
                        + " LIMIT " + MAX_DKIM_RESULT_SETS,
                List.of(Rows.domainKey(domain), toMs, fromMs));
        Set<PostureChecker.Selector> selectors = new LinkedHashSet<>();
        for (Map<String, Object> row : rows) {
            List<DkimAuthResult> results;
            try {
                results = ReportJson.mapper().readValue((String) row.get("v_d"), DKIM_RESULTS);
            } catch (IOException e) {
                continue;
            }
            for (DkimAuthResult result : results) {
                if (result.domain() != null
                        && result.selector() != null
                        && !result.selector().isBlank()) {
                    selectors.add(new PostureChecker.Selector(
                            result.domain().trim().toLowerCase(Locale.ROOT),
                            result.selector().trim().toLowerCase(Locale.ROOT)));
                }
                if (selectors.size() >= MAX_DKIM_SELECTORS) {
                    return List.copyOf(selectors);
                }
            }
        }
        return List.copyOf(selectors);
    }

    @Override
    public TlsSummary tls(String domain, DateRange range) {
        if (range.days() > MAX_TIMESERIES_DAYS) {
            throw new IllegalArgumentException("a TLS summary has one entry per day, at most " + MAX_TIMESERIES_DAYS
                    + ": " + range.from() + ".." + range.to() + " spans " + range.days() + " days");
        }
        String key = Rows.domainKey(domain);
        List<Object> params = List.of(key, range.from(), range.to());
        String where = " WHERE policy_domain = ? AND day >= ? AND day <= ? AND " + completeTlsReportsOnly();
        Map<LocalDate, long[]> byDay = new LinkedHashMap<>();
        for (Map<String, Object> row : select(
                "SELECT day AS v_day, sum(successful_sessions) AS v_s, sum(failed_sessions) AS v_f FROM "
                        + table(Schema.TLS_POLICIES) + where + " GROUP BY day ORDER BY v_day",
                params)) {
            byDay.put(asDate(row.get("v_day")), new long[] {asLong(row.get("v_s")), asLong(row.get("v_f"))});
        }
        List<TlsSummary.Day> days = new ArrayList<>();
        long ok = 0;
        long failed = 0;
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            long[] v = byDay.getOrDefault(day, new long[2]);
            days.add(new TlsSummary.Day(day, v[0], v[1]));
            ok += v[0];
            failed += v[1];
        }
        List<TlsSummary.ResultType> types = new ArrayList<>();
        for (Map<String, Object> row : select(
                "SELECT result_type AS v_k, sum(failed_sessions) AS v_n FROM " + table(Schema.TLS_FAILURES) + where
                        + " GROUP BY result_type ORDER BY v_n DESC, v_k LIMIT " + TlsSummary.MAX_GROUPS,
                params)) {
            types.add(new TlsSummary.ResultType((String) row.get("v_k"), asLong(row.get("v_n"))));
        }
        String mx = "CASE WHEN receiving_mx_hostname IS NULL THEN '' ELSE receiving_mx_hostname END";
        List<TlsSummary.ReceivingMx> mxs = new ArrayList<>();
        for (Map<String, Object> row : select(
                "SELECT " + mx + " AS v_mx, result_type AS v_k, sum(failed_sessions) AS v_n FROM "
                        + table(Schema.TLS_FAILURES) + where + " GROUP BY " + mx
                        + ", result_type ORDER BY v_n DESC, v_mx, v_k LIMIT " + TlsSummary.MAX_GROUPS,
                params)) {
            mxs.add(new TlsSummary.ReceivingMx(
                    (String) row.get("v_mx"), (String) row.get("v_k"), asLong(row.get("v_n"))));
        }
        List<TlsSummary.Reporter> reporters = new ArrayList<>();
        for (Map<String, Object> row : select(
                "SELECT org_name AS v_org, count(DISTINCT report_uid) AS v_r, sum(successful_sessions) AS v_s,"
                        + " sum(failed_sessions) AS v_f FROM " + table(Schema.TLS_POLICIES) + where
                        + " GROUP BY org_name ORDER BY v_s + v_f DESC, v_org LIMIT " + TlsSummary.MAX_GROUPS,
                params)) {
            reporters.add(new TlsSummary.Reporter(
                    (String) row.get("v_org"), asLong(row.get("v_r")), asLong(row.get("v_s")), asLong(row.get("v_f"))));
        }
        return new TlsSummary(key, range, ok, failed, days, types, mxs, reporters);
    }

    @Override
    public boolean containsReport(String reportUid) {
        if (reportUid == null) {
            return false;
        }
        // One question for every kind's completion table: an import asks it once per report.
        StringJoiner union = new StringJoiner(" UNION ALL ");
        List<Object> params = new ArrayList<>();
        for (Schema.Table completion : completionTables()) {
            union.add("SELECT report_uid FROM " + table(completion) + " WHERE report_uid = ?");
            params.add(reportUid);
        }
        List<Map<String, Object>> rows = select("SELECT count(*) AS v_n FROM (" + union + ") AS held", params);
        return asLong(rows.get(0).get("v_n")) > 0;
    }

    /** The table whose row completes a report, for aggregate reports and every other kind. */
    private static List<Schema.Table> completionTables() {
        List<Schema.Table> tables = new ArrayList<>();
        tables.add(Schema.REPORTS);
        tables.addAll(KindRows.completionTables());
        return tables;
    }

    @Override
    public List<StoredRecord> reportRecords(String reportUid, long offset, int limit) {
        if (limit < 1 || limit > SourceQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + SourceQuery.MAX_LIMIT + ": " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (reportUid == null) {
            return List.of();
        }
        return select(
                        recordColumns() + " WHERE report_uid = ? ORDER BY position LIMIT " + limit + " OFFSET "
                                + offset,
                        List.of(reportUid))
                .stream()
                .map(SqlStore::storedRecord)
                .toList();
    }

    @Override
    public Optional<SourceDetail> sourceDetail(String domain, String sourceIp, DateRange range) {
        List<SourceRow> rows = sourceRows(domain, range, new SourceQuery(false, 1), sourceIp, false)
                .rows();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String key = Rows.domainKey(domain);
        List<Object> params = List.of(key, range.from(), range.to(), sourceIp, key);
        String inRange = " FROM " + days() + " WHERE policy_domain = ? AND day >= ? AND day <= ? AND source_ip = ? AND "
                + completeReportsOfDomain();
        long total = asLong(select(
                        "SELECT count(*) AS v_n FROM (SELECT report_uid, position" + inRange
                                + " GROUP BY report_uid, position) AS t",
                        params)
                .get(0)
                .get("v_n"));
        Map<LocalDate, long[]> byDay = new LinkedHashMap<>();
        for (Map<String, Object> row : select(
                "SELECT day AS v_day, sum(messages) AS v_m,"
                        + " sum(CASE WHEN dmarc_pass = 1 THEN messages ELSE 0 END) AS v_p,"
                        + " sum(CASE WHEN spf_aligned = 1 THEN messages ELSE 0 END) AS v_s,"
                        + " sum(CASE WHEN dkim_aligned = 1 THEN messages ELSE 0 END) AS v_d" + inRange
                        + " GROUP BY day ORDER BY v_day",
                params)) {
            byDay.put(asDate(row.get("v_day")), new long[] {
                asLong(row.get("v_m")), asLong(row.get("v_p")), asLong(row.get("v_s")), asLong(row.get("v_d"))
            });
        }
        // Records whose period can reach into the range (DaySplit spreads a record over at most MAX_PERIOD_DAYS
        // from its begin), newest first; their in-range messages are computed the way record_days holds them.
        long fromMs = range.from().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long toMs =
                range.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long earliest = range.from()
                .minusDays(DaySplit.MAX_PERIOD_DAYS)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        List<StoredRecord> records = select(
                        recordColumns() + " WHERE policy_domain = ? AND source_ip = ? AND begin_ms < ?"
                                + " AND begin_ms >= ? AND (end_ms > ? OR begin_ms >= ?)"
                                + " ORDER BY begin_ms DESC, report_uid, position LIMIT " + (SourceDetail.MAX_RECORDS),
                        List.of(key, sourceIp, toMs, earliest, fromMs, fromMs))
                .stream()
                .map(SqlStore::storedRecord)
                .toList();
        return Optional.of(SourceDetails.of(key, sourceIp, range, rows.get(0), total, records, byDay));
    }

    private String recordColumns() {
        return "SELECT report_uid, position, org_name, begin_ms, end_ms, source_ip, message_count, disposition,"
                + " eval_dkim, eval_spf, reasons, envelope_to, envelope_from, header_from, dkim_results, spf_results,"
                + " header_from_org_domain, spf_domain, spf_aligned, dkim_aligned, dmarc_pass, differs_from_reporter, fresh_spf_result,"
                + " fresh_spf_mechanism, dkim_keys, ptr_name, ptr_confirmed, ptr_base_domain, service, service_type,"
                + " classification, checked_at_ms, org_domain_method FROM " + table(Schema.RECORDS);
    }

    private static StoredRecord storedRecord(Map<String, Object> r) {
        Object confirmed = r.get("ptr_confirmed");
        Object checked = r.get("checked_at_ms");
        String classification = (String) r.get("classification");
        String method = (String) r.get("org_domain_method");
        ReportRecord record = new ReportRecord(
                (String) r.get("source_ip"),
                asLong(r.get("message_count")),
                (String) r.get("disposition"),
                (String) r.get("eval_dkim"),
                (String) r.get("eval_spf"),
                parseJson((String) r.get("reasons"), REASONS),
                (String) r.get("envelope_to"),
                (String) r.get("envelope_from"),
                (String) r.get("header_from"),
                parseJson((String) r.get("dkim_results"), DKIM_RESULTS),
                parseJson((String) r.get("spf_results"), SPF_RESULTS));
        Enrichment enrichment = new Enrichment(
                (String) r.get("header_from_org_domain"),
                (String) r.get("spf_domain"),
                asLong(r.get("spf_aligned")) == 1,
                asLong(r.get("dkim_aligned")) == 1,
                asLong(r.get("dmarc_pass")) == 1,
                asLong(r.get("differs_from_reporter")) == 1,
                (String) r.get("fresh_spf_result"),
                (String) r.get("fresh_spf_mechanism"),
                parseJson((String) r.get("dkim_keys"), DKIM_KEYS),
                (String) r.get("ptr_name"),
                confirmed == null ? null : asLong(confirmed) == 1,
                (String) r.get("ptr_base_domain"),
                (String) r.get("service"),
                (String) r.get("service_type"),
                classification == null || classification.isEmpty()
                        ? null
                        : Classification.valueOf(classification.toUpperCase(java.util.Locale.ROOT)),
                checked == null ? null : Instant.ofEpochMilli(asLong(checked)),
                method == null || method.isEmpty() ? null : OrgDomainMethod.parse(method));
        return new StoredRecord(
                (String) r.get("report_uid"),
                asLong(r.get("position")),
                (String) r.get("org_name"),
                Instant.ofEpochMilli(asLong(r.get("begin_ms"))),
                Instant.ofEpochMilli(asLong(r.get("end_ms"))),
                record,
                enrichment);
    }

    private static final TypeReference<List<DkimKeyCheck>> DKIM_KEYS = new TypeReference<>() {};
    private static final TypeReference<List<SpfAuthResult>> SPF_RESULTS = new TypeReference<>() {};
    private static final TypeReference<List<OverrideReason>> REASONS = new TypeReference<>() {};

    /** A JSON list column as written by {@link Rows#json}; empty for null (rows written before the column). */
    private static <T> List<T> parseJson(String json, TypeReference<List<T>> type) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return ReportJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON does not read back: " + json, e);
        }
    }

    private String reportColumns() {
        return "SELECT report_uid, org_name, org_email, report_id, policy_domain, begin_ms, end_ms, schema_name,"
                + " record_count, message_count, warnings, source_file, source_sha256 FROM " + table(Schema.REPORTS);
    }

    /** The rejected reports in the columns of {@link #reportColumns}, plus {@code reason}. */
    private String rejectedColumns() {
        return "SELECT report_uid, org_name, org_email, report_id, policy_domain, begin_ms, end_ms, schema_name,"
                + " records_before AS record_count, 0 AS message_count, '[]' AS warnings, source_file, source_sha256,"
                + " reason FROM " + table(Schema.REJECTED_REPORTS);
    }

    /** A complete report's row, or a rejected one's (which has a {@code reason}). */
    private static ReportInfo reportInfo(Map<String, Object> r) {
        List<String> warnings;
        try {
            warnings = ReportJson.mapper().readValue((String) r.get("warnings"), STRING_LIST);
        } catch (IOException e) {
            warnings = List.of(String.valueOf(r.get("warnings")));
        }
        return new ReportInfo(
                (String) r.get("report_uid"),
                (String) r.get("org_name"),
                (String) r.get("org_email"),
                (String) r.get("report_id"),
                (String) r.get("policy_domain"),
                Instant.ofEpochMilli(asLong(r.get("begin_ms"))),
                Instant.ofEpochMilli(asLong(r.get("end_ms"))),
                (String) r.get("schema_name"),
                asLong(r.get("record_count")),
                asLong(r.get("message_count")),
                warnings,
                (String) r.get("source_file"),
                (String) r.get("source_sha256"),
                r.containsKey("reason") ? ReportInfo.REJECTED : ReportInfo.COMPLETE,
                (String) r.get("reason"));
    }

    /** The Monday of an ISO week like {@code 2026-W46}. */
    public static LocalDate mondayOf(String isoWeek) {
        Matcher m = isoWeek == null ? null : ISO_WEEK.matcher(isoWeek);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("week must look like 2026-W46: " + isoWeek);
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        LocalDate jan4 = LocalDate.of(year, 1, 4);
        if (week < 1 || week > jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
            throw new IllegalArgumentException("week " + week + " does not exist in " + year + ": " + isoWeek);
        }
        return jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
    }

    /**
     * A count, sum or time read back from the store, checked rather than wrapped: every number this store keeps is
     * at least 0 (message counts are at most {@code ParserLimits.MAX_RECORD_COUNT} each), so a negative value or
     * one over 64 bits means a sum overflowed (ClickHouse's {@code sum} of Int64 wraps; DuckDB's is a HUGEINT).
     *
     * @throws ArithmeticException naming the value when it is negative or does not fit in a long
     */
    protected static long asLong(Object value) {
        if (value == null) {
            return 0;
        }
        long n;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            n = ((Number) value).longValue();
        } else if (value instanceof Double || value instanceof Float) {
            n = (long) ((Number) value).doubleValue();
        } else {
            BigDecimal exact = value instanceof BigInteger big ? new BigDecimal(big) : new BigDecimal(value.toString());
            try {
                n = exact.toBigIntegerExact().longValueExact();
            } catch (ArithmeticException e) {
                throw new ArithmeticException("store returned " + value + ", which does not fit in 64 bits");
            }
        }
        if (n < 0) {
            throw new ArithmeticException(
                    "store returned " + value + " where a count or sum was expected: a sum overflowed 64 bits");
        }
        return n;
    }

    protected static LocalDate asDate(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        return LocalDate.parse(value.toString().substring(0, 10));
    }
}
