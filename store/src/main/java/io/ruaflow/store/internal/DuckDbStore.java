package io.ruaflow.store.internal;

import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.store.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one DuckDB file (or memory), one connection, every call serialized. A batch is appended to
 * staging tables, then moved with {@code INSERT OR REPLACE} in one transaction, so a record written twice is kept
 * once (primary keys (report_uid, position), (report_uid, position, day) and report_uid).
 */
public final class DuckDbStore extends SqlStore {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbStore.class);
    private static final String STAGING = "_staging";

    private final String description;
    private final Connection connection;
    private boolean closed;

    private DuckDbStore(String description, Connection connection) {
        this.description = description;
        this.connection = connection;
    }

    /** Opens (creating it and its folder if needed) the DuckDB file at {@code path}; null for an in-memory store. */
    public static DuckDbStore open(Path path) {
        String description = "duckdb:" + (path == null ? ":memory:" : path.toString());
        try {
            if (path != null && path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for " + description, e);
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:" + (path == null ? "" : path.toString()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + description + ": " + e.getMessage(), e);
        }
        DuckDbStore store = new DuckDbStore(description, connection);
        try {
            store.migrate();
        } catch (SQLException e) {
            store.close();
            throw new IllegalStateException("cannot migrate " + description + ": " + e.getMessage(), e);
        }
        return store;
    }

    private void migrate() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms BIGINT)");
            List<Integer> applied = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations")) {
                while (rs.next()) {
                    applied.add(rs.getInt(1));
                }
            }
            for (int version = 1; version <= Schema.VERSION; version++) {
                if (applied.contains(version)) {
                    continue;
                }
                connection.setAutoCommit(false);
                try {
                    for (String ddl : migration(version)) {
                        s.execute(ddl);
                    }
                    s.execute("INSERT OR REPLACE INTO schema_migrations VALUES (" + version + ", "
                            + System.currentTimeMillis() + ")");
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
                LOG.info("{}: applied schema migration {}", description, version);
            }
            for (Schema.Table table : Schema.TABLES) {
                s.execute("DROP TABLE IF EXISTS " + table.name() + STAGING);
                s.execute("CREATE TABLE " + table.name() + STAGING + " AS SELECT * FROM " + table.name() + " LIMIT 0");
            }
        }
    }

    static List<String> migration(int version) {
        List<String> ddl = new ArrayList<>();
        for (Schema.Table table : Schema.TABLES) {
            StringJoiner columns = new StringJoiner(", ");
            for (Schema.Column column : table.columns()) {
                if (column.since() == version) {
                    columns.add(column.name() + " " + type(column.type()) + (column.nullable() ? "" : " NOT NULL"));
                }
            }
            if (version == 1) {
                ddl.add("CREATE TABLE IF NOT EXISTS " + table.name() + " (" + columns + ", PRIMARY KEY ("
                        + String.join(", ", table.key()) + "))");
            }
        }
        return ddl;
    }

    private static String type(Schema.Type type) {
        return switch (type) {
            case TEXT -> "VARCHAR";
            case LONG -> "BIGINT";
            case INT -> "INTEGER";
            case FLAG -> "TINYINT";
            case DATE -> "DATE";
        };
    }

    @Override
    public synchronized void write(List<RecordsMessage> batch) {
        ensureOpen();
        Rows.Batch rows = Rows.of(batch, System.currentTimeMillis());
        if (rows.isEmpty()) {
            return;
        }
        try {
            try (Statement s = connection.createStatement()) {
                for (Schema.Table table : Schema.TABLES) {
                    s.execute("DELETE FROM " + table.name() + STAGING);
                }
            }
            append(Schema.RECORDS, rows.records());
            append(Schema.RECORD_DAYS, rows.recordDays());
            append(Schema.REPORTS, rows.reports());
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                for (Schema.Table table : Schema.TABLES) {
                    s.execute("INSERT OR REPLACE INTO " + table.name() + " SELECT * FROM " + table.name() + STAGING);
                    s.execute("DELETE FROM " + table.name() + STAGING);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            String what = "DuckDB write of " + rows.records().size() + " records and "
                    + rows.reports().size()
                    + " reports (first report " + batch.get(0).reportUid() + ") to " + description + " failed: "
                    + e.getMessage();
            if (e.getMessage() != null && e.getMessage().startsWith("IO Error")) {
                throw new StoreUnavailableException(what, e);
            }
            throw new IllegalStateException(what, e);
        }
    }

    private void append(Schema.Table table, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<Schema.Column> columns = table.columns();
        try (DuckDBAppender appender = ((DuckDBConnection) connection)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, table.name() + STAGING)) {
            for (Object[] row : rows) {
                appender.beginRow();
                for (int i = 0; i < row.length; i++) {
                    Object value = row[i];
                    if (value == null) {
                        appender.append((String) null);
                        continue;
                    }
                    switch (columns.get(i).type()) {
                        case TEXT -> appender.append((String) value);
                        case LONG -> appender.append(((Number) value).longValue());
                        case INT -> appender.append(((Number) value).intValue());
                        case FLAG -> appender.append(((Number) value).byteValue());
                        case DATE -> appender.append(value.toString());
                    }
                }
                appender.endRow();
            }
        }
    }

    @Override
    protected synchronized List<Map<String, Object>> select(String sql, List<Object> params) {
        ensureOpen();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object value = params.get(i);
                if (value instanceof LocalDate date) {
                    statement.setObject(i + 1, date);
                } else if (value instanceof String text) {
                    statement.setString(i + 1, text);
                } else if (value instanceof Long number) {
                    statement.setLong(i + 1, number);
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB query on " + description + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected String table(Schema.Table table) {
        return table.name();
    }

    @Override
    protected String argMax() {
        return "arg_max";
    }

    @Override
    public String describe() {
        return description;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("{}: close failed: {}", description, e.getMessage());
        }
    }
}
