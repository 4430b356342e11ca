package io.ruaflow.store.internal;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.store.StoreUnavailableException;
import io.ruaflow.store.StoreUrl;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store at scale: ClickHouse over HTTP through the official client, with the subset every server from 18.16 on
 * understands. Rows go in as JSONEachRow, results come back as JSONEachRow, {@code FORMAT} is always in the SQL,
 * values are spliced only through {@link SqlLiterals#quote}, compression is off both ways. Tables are
 * ReplacingMergeTree keyed like the DuckDB primary keys (prefixed by policy_domain, which the report uid
 * determines) and every read uses {@code FINAL}, so a record written twice counts once before and after merges.
 */
public final class ClickHouseStore extends SqlStore {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseStore.class);
    /** How long one query or insert may take before the store counts as unavailable. */
    public static final long REQUEST_TIMEOUT_SECONDS = 120;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoreUrl url;
    private final Client client;
    private final String database;
    private volatile boolean closed;

    private ClickHouseStore(StoreUrl url, Client client) {
        this.url = url;
        this.client = client;
        this.database = url.database();
    }

    public static ClickHouseStore open(StoreUrl url) {
        Client client = new Client.Builder()
                .addEndpoint("http://" + url.host() + ":" + url.port())
                .setUsername(url.user())
                .setPassword(url.password())
                .compressServerResponse(false)
                .compressClientRequest(false)
                .useHttpCompression(false)
                .setConnectTimeout(10, ChronoUnit.SECONDS)
                .setSocketTimeout(REQUEST_TIMEOUT_SECONDS, ChronoUnit.SECONDS)
                .setClientName("ruaflow")
                .useAsyncRequests(true)
                .build();
        ClickHouseStore store = new ClickHouseStore(url, client);
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private String name(String table) {
        return database + "." + table;
    }

    private void migrate() {
        execute("CREATE DATABASE IF NOT EXISTS " + database, "create database");
        execute(
                "CREATE TABLE IF NOT EXISTS " + name("schema_migrations")
                        + " (version Int32, applied_at_ms Int64) ENGINE = ReplacingMergeTree() ORDER BY version",
                "create schema_migrations");
        List<Long> applied = new ArrayList<>();
        for (Map<String, Object> row : select("SELECT DISTINCT version FROM " + name("schema_migrations"), List.of())) {
            applied.add(asLong(row.get("version")));
        }
        for (int version = 1; version <= Schema.VERSION; version++) {
            if (applied.contains((long) version)) {
                continue;
            }
            for (String ddl : migration(version)) {
                execute(ddl, "migration " + version);
            }
            execute(
                    "INSERT INTO " + name("schema_migrations") + " (version, applied_at_ms) VALUES (" + version + ", "
                            + System.currentTimeMillis() + ")",
                    "record migration " + version);
            LOG.info("{}: applied schema migration {}", url, version);
        }
    }

    List<String> migration(int version) {
        List<String> ddl = new ArrayList<>();
        for (Schema.Table table : Schema.TABLES) {
            StringJoiner columns = new StringJoiner(", ");
            for (Schema.Column column : table.columns()) {
                if (column.since() == version) {
                    String type = type(column.type());
                    columns.add(column.name() + " " + (column.nullable() ? "Nullable(" + type + ")" : type));
                }
            }
            if (version == 1) {
                ddl.add("CREATE TABLE IF NOT EXISTS " + name(table.name()) + " (" + columns
                        + ") ENGINE = ReplacingMergeTree() ORDER BY (" + String.join(", ", table.clickHouseOrder())
                        + ")");
            }
        }
        return ddl;
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
        Rows.Batch rows = Rows.of(batch, System.currentTimeMillis());
        String context = " of " + rows.records().size() + " records and "
                + rows.reports().size() + " reports (first report "
                + (batch.isEmpty() ? "-" : batch.get(0).reportUid()) + ")";
        // Records and their days go in side by side (the server parses both at once); the completion only after.
        CompletableFuture<InsertResponse> records = insert(Schema.RECORDS, rows.records());
        CompletableFuture<InsertResponse> days = insert(Schema.RECORD_DAYS, rows.recordDays());
        await(records, Schema.RECORDS, context);
        await(days, Schema.RECORD_DAYS, context);
        await(insert(Schema.REPORTS, rows.reports()), Schema.REPORTS, context);
    }

    private CompletableFuture<InsertResponse> insert(Schema.Table table, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        byte[] body = jsonEachRow(table, rows);
        return client.insert(
                name(table.name()), new ByteArrayInputStream(body), ClickHouseFormat.JSONEachRow, new InsertSettings());
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

    static byte[] jsonEachRow(Schema.Table table, List<Object[]> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 256);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            List<Schema.Column> columns = table.columns();
            for (Object[] row : rows) {
                g.writeStartObject();
                for (int i = 0; i < row.length; i++) {
                    g.writeFieldName(columns.get(i).name());
                    Object value = row[i];
                    if (value == null) {
                        g.writeNull();
                    } else if (value instanceof Number n) {
                        g.writeNumber(n.longValue());
                    } else {
                        g.writeString(value.toString());
                    }
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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

    @Override
    protected String argMax() {
        return "argMax";
    }

    @Override
    public String describe() {
        return url.toString();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(url + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
    }
}
