package io.ruaflow.store.internal;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.DataStreamWriter;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.parser.WholeReport;
import io.ruaflow.store.StoreNotFoundException;
import io.ruaflow.store.StoreSettings;
import io.ruaflow.store.StoreUnavailableException;
import io.ruaflow.store.StoreUrl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store at scale: ClickHouse over HTTP through the official client, with the subset every server from 18.16 on
 * understands. Rows stream in as RowBinary (encoded by {@link RowBinary} straight into the request body, records
 * and their days side by side), results come back as JSONEachRow, {@code FORMAT} is always in the SQL,
 * values are spliced only through {@link SqlLiterals#quote}, compression is off both ways. Tables are
 * ReplacingMergeTree keyed like the DuckDB primary keys (prefixed by policy_domain, which the report uid
 * determines) and every read uses {@code FINAL}, so a record written twice counts once before and after merges.
 *
 * <p>On a cluster ({@code store.clickhouse.cluster}), every DDL runs {@code ON CLUSTER}; each table is a
 * {@code ReplicatedReplacingMergeTree} named {@code TABLE_local} on every server, under a {@code Distributed} table
 * with the plain name that the store reads and writes. Rows are sharded by {@code sipHash64(report_uid)}, so every
 * copy of a report (and its records, days and completion row) lands on one shard and {@code FINAL} there
 * deduplicates exactly; {@code first_seen} is sharded by domain and read with {@code min}. Inserts are
 * synchronous ({@code insert_distributed_sync=1}: durable on the shards when the insert answers) and subqueries
 * over the report-sharded tables read each shard's own rows ({@code distributed_product_mode=local}); the one
 * over first_seen is {@code GLOBAL IN}. Each server needs {@code <internal_replication>true</internal_replication>}
 * per shard and {@code shard}/{@code replica} macros (see README).
 */
public final class ClickHouseStore extends SqlStore {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseStore.class);
    /** How long one query or insert may take before the store counts as unavailable. */
    public static final long REQUEST_TIMEOUT_SECONDS = 120;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Suffix of the replicated table under each Distributed table of a cluster. */
    static final String LOCAL = "_local";

    private final StoreUrl url;
    private final Client client;
    private final String database;
    /** The cluster the tables span, or null on a single server. */
    private final String cluster;

    private volatile boolean closed;

    private ClickHouseStore(StoreUrl url, Client client, String cluster) {
        this.url = url;
        this.client = client;
        this.database = url.database();
        this.cluster = cluster;
    }

    /**
     * Connects and migrates; {@code mustExist} refuses a database that is not there instead of creating it.
     *
     * @throws StoreNotFoundException when {@code mustExist} and the database is missing
     */
    public static ClickHouseStore open(StoreUrl url, boolean mustExist) {
        return open(url, mustExist, StoreSettings.DEFAULT);
    }

    /**
     * Connects and migrates, on the cluster {@code settings} names if any, deleting what its retention no longer
     * keeps now and every {@link Expiry#INTERVAL} while open.
     *
     * @throws StoreNotFoundException when {@code mustExist} and the database is missing
     * @throws IllegalArgumentException when the server knows no cluster of that name
     */
    public static ClickHouseStore open(StoreUrl url, boolean mustExist, StoreSettings settings) {
        Client.Builder builder = new Client.Builder()
                .addEndpoint("http://" + url.host() + ":" + url.port())
                .setUsername(url.user())
                .setPassword(url.password())
                .compressServerResponse(false)
                .compressClientRequest(false)
                .useHttpCompression(false)
                .setConnectTimeout(10, ChronoUnit.SECONDS)
                .setSocketTimeout(REQUEST_TIMEOUT_SECONDS, ChronoUnit.SECONDS)
                .setClientName("ruaflow")
                .useAsyncRequests(true);
        String cluster = settings.clickHouseCluster();
        if (cluster != null) {
            builder.serverSetting("insert_distributed_sync", "1").serverSetting("distributed_product_mode", "local");
        }
        ClickHouseStore store = new ClickHouseStore(url, builder.build(), cluster);
        try {
            if (cluster != null) {
                store.checkCluster();
            }
            if (mustExist && !store.databaseExists()) {
                throw new StoreNotFoundException("no store at " + url + ": the server has no database " + url.database()
                        + " (check --store, or let a sink or import create it)");
            }
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        store.scheduleExpiry(settings.retention());
        return store;
    }

    private void checkCluster() {
        List<String> known = new ArrayList<>();
        for (Map<String, Object> row : select("SELECT DISTINCT cluster AS c FROM system.clusters", List.of())) {
            known.add((String) row.get("c"));
        }
        if (!known.contains(cluster)) {
            throw new IllegalArgumentException("store.clickhouse.cluster=" + cluster + ": " + url.host() + ":"
                    + url.port() + " has no such cluster in its remote_servers (it knows " + known + ")");
        }
    }

    /** The table the store reads and writes: the Distributed one on a cluster. */
    private String name(String table) {
        return database + "." + table;
    }

    /** The table that holds the rows: {@code TABLE_local} on a cluster. */
    private String local(String table) {
        return database + "." + table + (cluster == null ? "" : LOCAL);
    }

    private String onCluster() {
        return cluster == null ? "" : " ON CLUSTER " + cluster;
    }

    /**
     * The DDL that creates a table (columns, ORDER BY, ReplacingMergeTree version column or null), and on a cluster
     * its replicated local table and the Distributed table over it, sharded by {@code shardBy}.
     */
    List<String> create(String table, String columns, String order, String version, String shardBy) {
        String versionArg = version == null ? "" : version;
        if (cluster == null) {
            return List.of("CREATE TABLE IF NOT EXISTS " + name(table) + " (" + columns
                    + ") ENGINE = ReplacingMergeTree(" + versionArg + ") ORDER BY (" + order + ")");
        }
        String path = "'/clickhouse/tables/{shard}/" + database + "/" + table + LOCAL + "', '{replica}'"
                + (version == null ? "" : ", " + version);
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + local(table) + onCluster() + " (" + columns
                        + ") ENGINE = ReplicatedReplacingMergeTree(" + path + ") ORDER BY (" + order + ")",
                distributed(table, shardBy));
    }

    private String distributed(String table, String shardBy) {
        return "CREATE TABLE IF NOT EXISTS " + name(table) + onCluster() + " AS " + local(table)
                + " ENGINE = Distributed(" + cluster + ", " + database + ", " + table + LOCAL + ", " + shardBy + ")";
    }

    /**
     * How a table is spread over the shards: by the first column of its key, which is the report uid of every table
     * a report writes, so all copies of a report and all its rows share a shard (and subqueries by report uid may
     * stay on the shard); first_seen goes by domain.
     */
    static String shardBy(Schema.Table table) {
        return "sipHash64(" + table.key().get(0) + ")";
    }

    private boolean databaseExists() {
        return asLong(select("SELECT count() AS n FROM system.databases WHERE name = ?", List.of(database))
                        .get(0)
                        .get("n"))
                > 0;
    }

    private void migrate() {
        execute("CREATE DATABASE IF NOT EXISTS " + database + onCluster(), "create database");
        // On a cluster, one copy on every server (one ZooKeeper path for all shards), read locally.
        execute(
                "CREATE TABLE IF NOT EXISTS " + name("schema_migrations") + onCluster()
                        + " (version Int32, applied_at_ms Int64) ENGINE = "
                        + (cluster == null
                                ? "ReplacingMergeTree()"
                                : "ReplicatedReplacingMergeTree('/clickhouse/tables/all/" + database
                                        + "/schema_migrations', '{replica}')")
                        + " ORDER BY version",
                "create schema_migrations");
        List<Long> applied = new ArrayList<>();
        for (Map<String, Object> row : select("SELECT DISTINCT version FROM " + name("schema_migrations"), List.of())) {
            applied.add(asLong(row.get("version")));
        }
        // A new database runs every migration on empty tables: one line says so, not one per migration.
        boolean created = applied.isEmpty();
        for (int version = 1; version <= Schema.VERSION; version++) {
            if (applied.contains((long) version)) {
                continue;
            }
            List<String> migration = migration(version);
            if (migration.isEmpty()) {
                continue; // not recorded: a migration landing later under this number still runs
            }
            for (String ddl : migration) {
                execute(ddl, "migration " + version);
            }
            execute(
                    "INSERT INTO " + name("schema_migrations") + " (version, applied_at_ms) VALUES (" + version + ", "
                            + System.currentTimeMillis() + ")",
                    "record migration " + version);
            if (created) {
                LOG.debug("{}: applied schema migration {} to the new database", url, version);
            } else {
                LOG.info("{}: applied schema migration {}", url, version);
            }
        }
        if (created) {
            LOG.info("{}: new store, schema version {}", url, Schema.VERSION);
        }
    }

    List<String> migration(int version) {
        List<String> ddl = new ArrayList<>();
        for (Schema.Table table : Schema.MIGRATED) {
            StringJoiner columns = new StringJoiner(", ");
            for (Schema.Column column : table.columns()) {
                if (column.since() == version) {
                    String type = type(column.type());
                    columns.add(column.name() + " " + (column.nullable() ? "Nullable(" + type + ")" : type));
                }
            }
            if (Schema.createdBy(table, version)) {
                ddl.addAll(create(
                        table.name(),
                        columns.toString(),
                        String.join(", ", table.clickHouseOrder()),
                        null,
                        shardBy(table)));
            } else {
                // 18.16 has no ADD COLUMN IF NOT EXISTS: a migration cut short is resumed by skipping what exists.
                List<String> existing = columnsOf(table.name() + (cluster == null ? "" : LOCAL));
                boolean changed = false;
                for (Schema.Column column : table.columns()) {
                    if (column.since() == version && !existing.contains(column.name())) {
                        ddl.add("ALTER TABLE " + local(table.name()) + onCluster() + " ADD COLUMN " + column.name()
                                + " Nullable(" + type(column.type()) + ")");
                        changed = true;
                    }
                }
                for (String column : Schema.droppedBy(table, version)) {
                    if (existing.contains(column)) {
                        ddl.add("ALTER TABLE " + local(table.name()) + onCluster() + " DROP COLUMN " + column);
                        changed = true;
                    }
                }
                if (changed && cluster != null) {
                    // A Distributed table cannot be altered ON CLUSTER over replicated shards: it holds no rows, so
                    // it is made again with the new columns.
                    ddl.add("DROP TABLE IF EXISTS " + name(table.name()) + onCluster());
                    ddl.add(distributed(table.name(), shardBy(table)));
                }
            }
        }
        if (version == 3) {
            StringJoiner columns = new StringJoiner(", ");
            for (Schema.Column column : Schema.FIRST_SEEN.columns()) {
                columns.add(column.name() + " " + type(column.type()));
            }
            // The highest rank is the earliest day: merges (and FINAL) keep the first day a source was seen.
            ddl.addAll(create(
                    Schema.FIRST_SEEN.name(),
                    columns.toString(),
                    String.join(", ", Schema.FIRST_SEEN.clickHouseOrder()),
                    "first_day_rank",
                    shardBy(Schema.FIRST_SEEN)));
            ddl.add("INSERT INTO " + name(Schema.FIRST_SEEN.name())
                    + " SELECT policy_domain, source_ip, min(day), 100000 - toInt64(toUInt16(min(day))) FROM "
                    + name(Schema.RECORD_DAYS.name()) + " FINAL WHERE report_uid IN (SELECT report_uid FROM "
                    + name(Schema.REPORTS.name()) + ") GROUP BY policy_domain, source_ip");
        }
        return ddl;
    }

    private List<String> columnsOf(String table) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> row :
                select("SELECT name FROM system.columns WHERE database = ? AND table = ?", List.of(database, table))) {
            names.add((String) row.get("name"));
        }
        return names;
    }

    private static String type(Schema.Type type) {
        return switch (type) {
            case TEXT -> "String";
            case LONG -> "Int64";
            case INT -> "Int32";
            case FLAG -> "UInt8";
            case DATE -> "Date";
        };
    }

    @Override
    public void write(List<RecordsMessage> batch) {
        ensureOpen();
        long writtenAtMs = System.currentTimeMillis();
        Rows.Latest latest = Rows.latest(batch);
        String context = " of " + latest.records().size() + " records and "
                + latest.reports().size() + " reports (first report "
                + (batch.isEmpty() ? "-" : batch.get(0).reportUid()) + ")";
        List<Object[]> rejected = Rows.rejectedRows(batch, writtenAtMs);
        if (!rejected.isEmpty()) {
            await(
                    insert(Schema.REJECTED_REPORTS, out -> {
                        for (Object[] row : rejected) {
                            out.row(row);
                        }
                    }),
                    Schema.REJECTED_REPORTS,
                    context);
        }
        writeWhole(KindRows.of(batch), writtenAtMs);
        if (latest.isEmpty()) {
            return;
        }
        // Records and their days stream in side by side (each built and encoded on its own client thread, parsed
        // by the server at once); the completion only after both are durable.
        CompletableFuture<InsertResponse> records = null;
        CompletableFuture<InsertResponse> days = null;
        if (!latest.records().isEmpty()) {
            records = insert(Schema.RECORDS, out -> {
                Rows.Memo memo = new Rows.Memo();
                for (EnrichedRecord record : latest.records()) {
                    out.row(Rows.recordRow(record, writtenAtMs, memo));
                }
            });
            days = insert(Schema.RECORD_DAYS, out -> {
                Rows.Memo memo = new Rows.Memo();
                for (EnrichedRecord record : latest.records()) {
                    for (Object[] row : Rows.dayRows(record, memo)) {
                        out.row(row);
                    }
                }
            });
        }
        long start = System.nanoTime();
        await(records, Schema.RECORDS, context);
        await(days, Schema.RECORD_DAYS, context);
        LOG.debug(
                "{}: {} records and their days in {} ms",
                url,
                latest.records().size(),
                (System.nanoTime() - start) / 1_000_000);
        if (!latest.reports().isEmpty()) {
            await(
                    insert(Schema.REPORTS, out -> {
                        for (ReportCompleted report : latest.reports()) {
                            out.row(Rows.reportRow(report, writtenAtMs));
                        }
                    }),
                    Schema.REPORTS,
                    context);
        }
        Rows.FirstSeen added = Rows.firstSeen(latest);
        List<Object[]> firstSeen = new ArrayList<>(added.rows());
        firstSeen.addAll(firstSeenRows(added.readFromStore()));
        if (!firstSeen.isEmpty()) {
            await(
                    insert(Schema.FIRST_SEEN, out -> {
                        for (Object[] row : firstSeen) {
                            out.row(row);
                        }
                    }),
                    Schema.FIRST_SEEN,
                    context);
        }
    }

    /**
     * The {@link Schema#FIRST_SEEN} rows of completed reports whose records came in earlier batches, read from
     * their stored days after the report rows are written. Merges keep the earliest day.
     */
    private List<Object[]> firstSeenRows(List<String> completedUids) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < completedUids.size(); i += FIRST_SEEN_UIDS) {
            List<String> chunk = completedUids.subList(i, Math.min(completedUids.size(), i + FIRST_SEEN_UIDS));
            for (Map<String, Object> row : select(
                    "SELECT policy_domain AS v_domain, source_ip AS v_ip, min(day) AS v_first FROM "
                            + name(Schema.RECORD_DAYS.name()) + " WHERE report_uid IN ("
                            + marks(chunk.size())
                            + ") GROUP BY policy_domain, source_ip",
                    new ArrayList<>(chunk))) {
                LocalDate first = asDate(row.get("v_first"));
                rows.add(new Object[] {row.get("v_domain"), row.get("v_ip"), first, Schema.firstDayRank(first)});
            }
        }
        return rows;
    }

    /**
     * Writes whole reports (SMTP TLS, failure) table by table, each kind's completion table last and only after the
     * others are durable. Rows keep their keys across copies of a report, so a second copy replaces the first; rows
     * of an earlier copy that the new one does not have (a copy with fewer policies or failure details) are deleted
     * once the new copy is whole, so both stores hold exactly the latest copy.
     */
    private void writeWhole(Map<KindRows, List<WholeReport>> reports, long writtenAtMs) {
        for (Map.Entry<KindRows, List<WholeReport>> kind : reports.entrySet()) {
            List<Schema.Table> tables = kind.getKey().tables();
            List<List<List<Object[]>>> rows = new ArrayList<>();
            for (WholeReport report : kind.getValue()) {
                rows.add(kind.getKey().rows(report, writtenAtMs));
            }
            String context =
                    " of " + kind.getValue().size() + " " + kind.getKey().kind().description() + "s (first "
                            + kind.getValue().get(0).reportUid() + ")";
            Set<String> earlierCopies = storedUids(tables.get(tables.size() - 1), kind.getValue());
            for (int t = 0; t < tables.size(); t++) {
                int table = t;
                if (rows.stream().allMatch(r -> r.get(table).isEmpty())) {
                    continue;
                }
                await(
                        insert(tables.get(t), out -> {
                            for (List<List<Object[]>> report : rows) {
                                for (Object[] row : report.get(table)) {
                                    out.row(row);
                                }
                            }
                        }),
                        tables.get(t),
                        context);
            }
            if (!earlierCopies.isEmpty()) {
                for (int t = 0; t < tables.size() - 1; t++) {
                    List<Object[]> current = new ArrayList<>();
                    for (List<List<Object[]>> report : rows) {
                        current.addAll(report.get(t));
                    }
                    deleteRowsNotIn(tables.get(t), earlierCopies, current);
                }
            }
        }
    }

    /** Which of {@code reports} already have a row in their kind's completion table (keyed by report_uid). */
    private Set<String> storedUids(Schema.Table completion, List<WholeReport> reports) {
        List<Object> uids = new ArrayList<>();
        for (WholeReport report : reports) {
            uids.add(report.reportUid());
        }
        Set<String> stored = new HashSet<>();
        for (Map<String, Object> row : select(
                "SELECT DISTINCT report_uid AS v_uid FROM " + name(completion.name()) + " WHERE report_uid IN ("
                        + marks(uids.size()) + ")",
                uids)) {
            stored.add((String) row.get("v_uid"));
        }
        return stored;
    }

    /**
     * Deletes the rows of reports {@code uids} in {@code table} whose key is not among {@code current} (the rows
     * just written): what an earlier, longer copy left. The mutation names those keys only, so it never touches a
     * row of the new copy however late it runs on a shard.
     */
    private void deleteRowsNotIn(Schema.Table table, Set<String> uids, List<Object[]> current) {
        List<String> key = table.key();
        int[] keyIndex = key.stream().mapToInt(table::index).toArray();
        Set<List<Object>> written = new HashSet<>();
        for (Object[] row : current) {
            written.add(keyOf(table, keyIndex, k -> row[keyIndex[k]]));
        }
        String columns = String.join(", ", key);
        List<String> stale = new ArrayList<>();
        for (Map<String, Object> row : select(
                "SELECT DISTINCT " + columns + " FROM " + name(table.name()) + " WHERE report_uid IN ("
                        + marks(uids.size()) + ")",
                new ArrayList<>(uids))) {
            List<Object> values = keyOf(table, keyIndex, k -> row.get(key.get(k)));
            if (!written.contains(values)) {
                stale.add(bind("(" + marks(values.size()) + ")", values));
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        execute(
                "ALTER TABLE " + local(table.name()) + onCluster() + " DELETE WHERE (" + columns + ") IN ("
                        + String.join(", ", stale) + ")",
                "delete of " + stale.size() + " " + table.name() + " rows an earlier copy of a report left");
    }

    /**
     * A row's key as comparable values, each read by its column's declared type: a written row holds ints or longs,
     * and JSONEachRow quotes 64-bit integers, so both become longs.
     */
    private static List<Object> keyOf(Schema.Table table, int[] keyIndex, IntFunction<Object> valueAt) {
        Object[] values = new Object[keyIndex.length];
        for (int k = 0; k < keyIndex.length; k++) {
            Object v = valueAt.apply(k);
            values[k] = table.columns().get(keyIndex[k]).type() == Schema.Type.TEXT ? v : (Object) asLong(v);
        }
        return Arrays.asList(values);
    }

    /** Writes a table's rows; may run more than once (a retried request writes them again). */
    private interface RowSource {
        void writeTo(RowBinary out) throws IOException;
    }

    /**
     * Streams rows as RowBinary into the request body ({@code INSERT INTO db.table (columns) FORMAT RowBinary}, the
     * columns named so the bytes never depend on the server's column order).
     */
    private CompletableFuture<InsertResponse> insert(Schema.Table table, RowSource rows) {
        StringJoiner columns = new StringJoiner(", ", " (", ")");
        for (Schema.Column column : table.columns()) {
            columns.add(column.name());
        }
        DataStreamWriter writer = new DataStreamWriter() {
            @Override
            public void onOutput(OutputStream out) throws IOException {
                try (RowBinary binary = new RowBinary(out, table)) {
                    rows.writeTo(binary);
                }
            }

            @Override
            public void onRetry() {
                // onOutput writes every row again from the start
            }
        };
        return client.insert(name(table.name()) + columns, writer, ClickHouseFormat.RowBinary, new InsertSettings());
    }

    private void await(CompletableFuture<InsertResponse> insert, Schema.Table table, String context) {
        if (insert == null) {
            return;
        }
        try (InsertResponse ignored = insert.get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            // durable once the server answered
        } catch (Exception e) {
            throw failure("ClickHouse insert into " + table.name() + context, e);
        }
    }

    @Override
    protected List<Map<String, Object>> select(String sql, List<Object> params) {
        ensureOpen();
        String full = bind(sql, params) + " FORMAT JSONEachRow";
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.JSONEachRow);
        try (QueryResponse response = client.query(full, settings).get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                Map<String, Object> row = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    JsonNode v = field.getValue();
                    row.put(
                            field.getKey(),
                            v.isNull() ? null : v.isNumber() ? (Object) v.numberValue() : (Object) v.asText());
                }
                rows.add(row);
            }
            return rows;
        } catch (Exception e) {
            throw failure("ClickHouse query on " + url, e);
        }
    }

    private void execute(String sql, String what) {
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.JSONEachRow);
        try (QueryResponse ignored = client.query(sql, settings).get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            // done
        } catch (Exception e) {
            throw failure("ClickHouse " + what + " on " + url, e);
        }
    }

    /**
     * Splices parameters into {@code ?} placeholders: strings and dates through {@link SqlLiterals#quote}, numbers
     * as digits. The SQL templates never hold a {@code ?} of their own.
     */
    static String bind(String sql, List<Object> params) {
        StringBuilder out = new StringBuilder(sql.length() + params.size() * 16);
        int next = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c != '?') {
                out.append(c);
                continue;
            }
            if (next >= params.size()) {
                throw new IllegalArgumentException("more placeholders than parameters in " + sql);
            }
            Object value = params.get(next++);
            if (value instanceof Long || value instanceof Integer) {
                out.append(value);
            } else if (value instanceof String || value instanceof LocalDate) {
                out.append(SqlLiterals.quote(value.toString()));
            } else {
                throw new IllegalArgumentException("cannot bind " + (value == null ? "null" : value.getClass()));
            }
        }
        if (next != params.size()) {
            throw new IllegalArgumentException("more parameters than placeholders in " + sql);
        }
        return out.toString();
    }

    /**
     * The one place that decides retriable versus fatal: no connection, a timeout or a broken transfer may pass and
     * the caller retries; a refused statement will not.
     */
    private RuntimeException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new StoreUnavailableException(what + " was interrupted", e);
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return new StoreUnavailableException(what + " failed, " + url + " unreachable: " + t.getMessage(), e);
            }
        }
        return new IllegalStateException(what + " failed: " + cause.getMessage(), e);
    }

    @Override
    protected String table(Schema.Table table) {
        return name(table.name()) + " FINAL";
    }

    /** Claims from other processes land within this of their check (see {@link SqlAlertState}). */
    static final long CLAIM_SETTLE_MS = 500;

    @Override
    protected long claimSettleMs() {
        return CLAIM_SETTLE_MS;
    }

    @Override
    protected void appendStateRow(Schema.Table table, Object[] row) {
        ensureOpen();
        await(insert(table, out -> out.row(row)), table, " of alert state");
    }

    @Override
    protected String argMax() {
        return "argMax";
    }

    @Override
    protected String inFirstSeen() {
        return cluster == null ? "IN" : "GLOBAL IN";
    }

    /**
     * A mutation: ClickHouse deletes in the background, on every shard of a cluster. Issued only when some row
     * matches, since a mutation rewrites the table's parts.
     */
    @Override
    protected void deleteWhere(Schema.Table table, String where, Object bound) {
        ensureOpen();
        long expired =
                asLong(select("SELECT count() AS n FROM " + name(table.name()) + " WHERE " + where, List.of(bound))
                        .get(0)
                        .get("n"));
        if (expired == 0) {
            return;
        }
        execute(
                bind("ALTER TABLE " + local(table.name()) + onCluster() + " DELETE WHERE " + where, List.of(bound)),
                "delete of expired " + table.name() + " rows");
    }

    /** How long a retention delete waits for ClickHouse to finish its mutation before it gives up waiting. */
    static final long MAX_MUTATION_WAIT_MS = 60_000;

    /**
     * Deletes with {@code ALTER TABLE … DELETE} (18.16 has no TTL on a table) and waits until the mutation has run,
     * so the answer holds when this returns; when it is still running after {@value #MAX_MUTATION_WAIT_MS} ms it
     * goes on in the background and this says so in the log.
     */
    @Override
    public long deleteFailuresArrivedBefore(java.time.Instant cutoff) {
        ensureOpen();
        long n = failuresArrivedBefore(cutoff);
        if (n == 0) {
            return 0;
        }
        String table = Schema.FAILURE_REPORTS.name() + (cluster == null ? "" : LOCAL);
        execute(
                "ALTER TABLE " + database + "." + table + onCluster() + " DELETE WHERE arrival_ms < "
                        + cutoff.toEpochMilli(),
                "delete of the failure reports that arrived before " + cutoff);
        // on a cluster every shard runs its own mutation: wait for all of them, not only this server's
        String mutations = cluster == null ? "system.mutations" : "cluster('" + cluster + "', system.mutations)";
        long deadline = System.nanoTime() + MAX_MUTATION_WAIT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> running = select(
                    "SELECT count(*) AS v_n FROM " + mutations + " WHERE database = ? AND table = ? AND is_done = 0",
                    List.of(database, table));
            if (asLong(running.get(0).get("v_n")) == 0) {
                return n;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return n;
            }
        }
        LOG.warn(
                "{}: the delete of {} failure reports is still running after {} ms; it goes on in the background",
                url,
                n,
                MAX_MUTATION_WAIT_MS);
        return n;
    }

    /** The active parts of this database's tables, as {@code system.parts} counts them (compressed, with marks). */
    @Override
    public OptionalLong bytesOnDisk() {
        List<Map<String, Object>> rows = select(
                "SELECT sum(bytes_on_disk) AS v_bytes FROM system.parts WHERE database = ? AND active",
                List.of(database));
        return OptionalLong.of(rows.isEmpty() ? 0 : asLong(rows.get(0).get("v_bytes")));
    }

    @Override
    public String describe() {
        return url + (cluster == null ? "" : " (cluster " + cluster + ")");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(url + " is closed");
        }
    }

    @Override
    public void close() {
        stopExpiry();
        if (closed) {
            return;
        }
        closed = true;
        client.close();
    }
}
