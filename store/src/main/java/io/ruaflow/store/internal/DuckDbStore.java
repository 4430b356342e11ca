package io.ruaflow.store.internal;

import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.parser.WholeReport;
import io.ruaflow.store.Retention;
import io.ruaflow.store.StoreLockedException;
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
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one DuckDB file (or memory). Queries run side by side on {@link #READ_CONNECTIONS}
 * connections to the same database, each seeing the last committed write. A batch that may share keys with what
 * is stored is appended (DuckDB's Appender) into staging tables, then moved in one transaction, the store held
 * alone: rows with a staged key are deleted and the staged rows inserted, so a record written twice is kept once. Keys: (report_uid, position) for records and their days,
 * report_uid for reports. The keys are not declared as DuckDB primary keys: their ART indexes made every insert
 * and checkpoint of a large file an order of magnitude slower ({@code INSERT OR REPLACE} at ~5,000 rows/s).
 *
 * <p>Batches of new rows (nothing stored shares a key with them, the usual case) from several threads (the sink's
 * {@code sink.threads}) are written side by side, each on one of {@link #PARALLEL_WRITERS} connections in its own
 * transaction: DuckDB appends of separate transactions run in parallel, and tables without keys never conflict.
 * {@code first_seen} (keyed) is merged after that commit, one batch at a time, in a transaction of its own: a source
 * counts as seen only once its report is complete, as before, and a merge that fails is made again when the batch
 * is retried (its keys are then written, so the retry takes the replacing path). Every other write (replacing,
 * rejected and whole reports, state, deletes) holds the store alone.
 *
 * <p>Record days, which every analytics query reads by domain and day, are kept sorted that way: new ones are
 * appended to {@code record_days_recent}, and every {@link #SORT_RECENT_AT} rows they move into {@code
 * record_days} sorted by domain and day. DuckDB has no clustered index, only the min and max of each row group
 * (about 120,000 rows); in arrival order every row group holds every domain and a query for one reads them all,
 * sorted runs let it skip the rest. Queries read both tables ({@link #table}); deletes delete from both.
 */
public final class DuckDbStore extends SqlStore {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbStore.class);
    private static final String STAGING = "_staging";
    /** How much write-ahead log DuckDB collects before it checkpoints into the database file. */
    static final String CHECKPOINT_THRESHOLD = "512MB";
    /** How DuckDB names the process holding a file's lock. */
    private static final Pattern LOCK_HOLDER = Pattern.compile("Conflicting lock is held in (.+?) \\(PID (\\d+)\\)");

    /**
     * DuckDB's first_seen key: the domain and the IP joined by a line feed (no domain name holds one, so no two
     * pairs share a key), one column so that a lookup of a page's IPs for one domain scans its index
     * ({@link Schema#KEYED_FIRST_SEEN_VERSION}). Not in {@link Schema#FIRST_SEEN}: the rows a write makes carry the
     * two parts, and the key is made from them here.
     */
    static final String FIRST_SEEN_KEY = "domain_ip";

    private static final String FIRST_SEEN_KEY_OF = "policy_domain || chr(10) || source_ip";

    /** Every table a write loads through a staging table. */
    private static final List<Schema.Table> STAGED = java.util.stream.Stream.concat(
                    Schema.TABLES.stream(), java.util.stream.Stream.of(Schema.FIRST_SEEN))
            .toList();

    /**
     * Suffix of the table new record days are appended to ({@code record_days_recent}); {@link #sortRecent} moves
     * them into {@code record_days} sorted by domain and day.
     */
    static final String RECENT = "_recent";

    /**
     * Record days collected in {@code record_days_recent} before they are sorted into {@code record_days}: a sorted
     * run of this many rows keeps one domain's days in one or two of DuckDB's row groups, so a query for one domain
     * skips the others' (zone maps) instead of decoding every row group; sorting it takes about two seconds.
     */
    static final long SORT_RECENT_AT = 1_000_000;

    /** The order {@code record_days} is kept in: what every analytics query filters on first. */
    static final String RECORD_DAYS_ORDER = "policy_domain, day";

    /** Connections that write batches of new rows side by side; a write waits for a free one. */
    public static final int PARALLEL_WRITERS = 2;

    /** Connections that answer queries at the same time; a query waits for a free one. */
    public static final int READ_CONNECTIONS = 4;

    private final String description;
    /** The database file; null in memory. */
    private final Path path;

    private final DuckDBConnection connection;
    private final BlockingQueue<DuckDBConnection> readers = new ArrayBlockingQueue<>(READ_CONNECTIONS);
    private final List<DuckDBConnection> allReaders = new ArrayList<>();
    private final BlockingQueue<DuckDBConnection> writers = new ArrayBlockingQueue<>(PARALLEL_WRITERS);
    private final List<DuckDBConnection> allWriters = new ArrayList<>();
    /** Shared by the side-by-side writes of new rows; held alone by every other write and by close. */
    private final ReentrantReadWriteLock access = new ReentrantReadWriteLock();
    /** Guards {@link #written}, which side-by-side writes read and add to. */
    private final Object keysLock = new Object();
    /** One first-seen merge at a time: two open transactions merging the same source would conflict. */
    private final Object firstSeenLock = new Object();

    private volatile boolean closed;
    /**
     * Record days appended to {@code record_days_recent} since the last sort was tried (all it holds when the store
     * opens): a failed sort is tried again once as many more have come.
     */
    private final AtomicLong recentSinceSort = new AtomicLong();
    /** How many recent rows a sort waits for: {@link #SORT_RECENT_AT} but in tests. */
    private volatile long sortRecentAfter = SORT_RECENT_AT;
    /** For each table, the schema index of each of its columns in table order; read when the store opens. */
    private Map<String, int[]> columnOrder;
    /** What the file holds, read on the first write; null before. */
    private WrittenKeys written;

    private DuckDbStore(String description, Path path, DuckDBConnection connection) {
        this.description = description;
        this.path = path;
        this.connection = connection;
    }

    /** Opens (creating it and its folder if needed) the DuckDB file at {@code path}; null for an in-memory store. */
    public static DuckDbStore open(Path path) {
        return open(path, Retention.none());
    }

    /**
     * {@link #open(Path)}, deleting what {@code retention} no longer keeps now and every {@link Expiry#INTERVAL}
     * while open.
     */
    public static DuckDbStore open(Path path, Retention retention) {
        String description = "duckdb:" + (path == null ? ":memory:" : path.toString());
        try {
            if (path != null && path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for " + description, e);
        }
        DuckDBConnection connection;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:" + (path == null ? "" : path.toString()))
                    .unwrap(DuckDBConnection.class);
        } catch (SQLException e) {
            throw lockedOr(description, e);
        }
        DuckDbStore store = new DuckDbStore(description, path, connection);
        try {
            store.migrate();
            store.columnOrder = store.columnOrders();
            store.recentSinceSort.set(store.count(Schema.RECORD_DAYS.name() + RECENT));
            for (int i = 0; i < READ_CONNECTIONS; i++) {
                DuckDBConnection reader = connection.duplicate();
                store.allReaders.add(reader);
                store.readers.add(reader);
            }
            for (int i = 0; i < PARALLEL_WRITERS; i++) {
                DuckDBConnection writer = connection.duplicate();
                store.allWriters.add(writer);
                store.writers.add(writer);
            }
        } catch (SQLException e) {
            store.close();
            throw new IllegalStateException("cannot migrate " + description + ": " + e.getMessage(), e);
        }
        store.scheduleExpiry(retention);
        return store;
    }

    /**
     * DuckDB refuses a file another process holds with "Conflicting lock is held in PROGRAM (PID N)": that becomes
     * a {@link StoreLockedException} naming the holder; anything else an IllegalStateException.
     */
    static RuntimeException lockedOr(String description, SQLException e) {
        String message = String.valueOf(e.getMessage());
        Matcher holder = LOCK_HOLDER.matcher(message);
        if (holder.find()) {
            return new StoreLockedException(
                    description, holder.group(1) + ", PID " + holder.group(2), Long.parseLong(holder.group(2)), e);
        }
        if (message.contains("Could not set lock")) {
            return new StoreLockedException(description, null, -1, e);
        }
        return new IllegalStateException("cannot open " + description + ": " + message, e);
    }

    private void migrate() throws SQLException {
        try (Statement s = connection.createStatement()) {
            // Fewer, larger checkpoints: batches are tens of megabytes, the default 16 MB would checkpoint each one.
            s.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
            s.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms BIGINT)");
            List<Integer> applied = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations")) {
                while (rs.next()) {
                    applied.add(rs.getInt(1));
                }
            }
            // A new file runs every migration on empty tables: one line says so, not one per migration.
            boolean created = applied.isEmpty();
            for (int version = 1; version <= Schema.VERSION; version++) {
                List<String> migration = migration(version);
                if (applied.contains(version) || migration.isEmpty()) {
                    continue; // an empty migration is not recorded: one landing later under its number still runs
                }
                if (created) {
                    LOG.debug("{}: applying schema migration {} to the new file", description, version);
                } else if (version == Schema.KEYED_FIRST_SEEN_VERSION) {
                    LOG.info(
                            "{}: applying schema migration {}: keying each source's first day by domain and IP, once",
                            description,
                            version);
                } else if (version == Schema.SORTED_DAYS_VERSION) {
                    LOG.info(
                            "{}: applying schema migration {}: sorting the stored record days by domain and day, once"
                                    + " (about a minute per ten million)",
                            description,
                            version);
                }
                connection.setAutoCommit(false);
                try {
                    for (String ddl : migration) {
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
                if (!created) {
                    LOG.info("{}: applied schema migration {}", description, version);
                }
            }
            if (created) {
                LOG.info("{}: new store, schema version {}", description, Schema.VERSION);
            }
            for (Schema.Table table : STAGED) {
                s.execute("DROP TABLE IF EXISTS " + table.name() + STAGING);
                s.execute("CREATE TABLE " + table.name() + STAGING + " AS SELECT * "
                        + (table == Schema.FIRST_SEEN ? "EXCLUDE (" + FIRST_SEEN_KEY + ") " : "") + "FROM "
                        + table.name() + " LIMIT 0");
            }
        }
    }

    static List<String> migration(int version) {
        List<String> ddl = new ArrayList<>();
        for (Schema.Table table : Schema.MIGRATED) {
            StringJoiner columns = new StringJoiner(", ");
            for (Schema.Column column : table.columns()) {
                if (column.since() == version) {
                    columns.add(column.name() + " " + type(column.type()) + (column.nullable() ? "" : " NOT NULL"));
                }
            }
            if (Schema.createdBy(table, version)) {
                ddl.add("CREATE TABLE IF NOT EXISTS " + table.name() + " (" + columns + ")");
            } else {
                for (String name : storedAs(table, version)) {
                    for (Schema.Column column : table.columns()) {
                        if (column.since() == version) {
                            ddl.add("ALTER TABLE " + name + " ADD COLUMN IF NOT EXISTS " + column.name() + " "
                                    + type(column.type()));
                        }
                    }
                }
            }
            for (String name : storedAs(table, version)) {
                for (String column : Schema.droppedBy(table, version)) {
                    ddl.add("ALTER TABLE " + name + " DROP COLUMN IF EXISTS " + column);
                }
            }
        }
        if (version == 3) {
            StringJoiner columns = new StringJoiner(", ");
            for (Schema.Column column : Schema.FIRST_SEEN.columns()) {
                columns.add(column.name() + " " + type(column.type()) + " NOT NULL");
            }
            // A primary key here (one row per domain and IP, a small table) lets a write merge with ON CONFLICT.
            ddl.add("CREATE TABLE IF NOT EXISTS " + Schema.FIRST_SEEN.name() + " (" + columns + ", PRIMARY KEY ("
                    + String.join(", ", Schema.FIRST_SEEN.key()) + "))");
            ddl.add("INSERT INTO " + Schema.FIRST_SEEN.name() + " SELECT policy_domain, source_ip, min(day),"
                    + " 100000 - (min(day) - DATE '1970-01-01') FROM record_days"
                    + " WHERE report_uid IN (SELECT report_uid FROM reports) GROUP BY policy_domain, source_ip"
                    + " ON CONFLICT DO NOTHING");
        }
        if (version == Schema.SORTED_DAYS_VERSION) {
            String days = Schema.RECORD_DAYS.name();
            ddl.add("CREATE TABLE IF NOT EXISTS " + days + RECENT + " AS SELECT * FROM " + days + " LIMIT 0");
            // Once: the days stored so far become one sorted run, as later ones are sorted in (see sortRecent).
            ddl.add("CREATE TEMP TABLE " + days + "_sorting AS SELECT * FROM " + days + " ORDER BY "
                    + RECORD_DAYS_ORDER);
            ddl.add("DELETE FROM " + days);
            ddl.add("INSERT INTO " + days + " SELECT * FROM " + days + "_sorting");
            ddl.add("DROP TABLE " + days + "_sorting");
        }
        if (version == Schema.KEYED_FIRST_SEEN_VERSION) {
            String name = Schema.FIRST_SEEN.name();
            StringJoiner columns = new StringJoiner(", ");
            for (Schema.Column column : Schema.FIRST_SEEN.columns()) {
                columns.add(column.name() + " " + type(column.type()) + " NOT NULL");
            }
            ddl.add("CREATE TEMP TABLE " + name + "_keying AS SELECT * FROM " + name);
            ddl.add("DROP INDEX IF EXISTS " + name + "_source_ip"); // what version 8 made, until this one
            ddl.add("DROP TABLE " + name);
            ddl.add("CREATE TABLE " + name + " (" + columns + ", " + FIRST_SEEN_KEY + " VARCHAR NOT NULL PRIMARY KEY)");
            ddl.add("INSERT INTO " + name + " SELECT *, " + FIRST_SEEN_KEY_OF + " FROM " + name + "_keying");
            ddl.add("DROP TABLE " + name + "_keying");
        }
        return ddl;
    }

    /**
     * The tables holding {@code table}'s rows when migration {@code version} runs: record days are in {@code
     * record_days} and, from {@link Schema#SORTED_DAYS_VERSION} on, also in {@code record_days_recent}.
     */
    private static List<String> storedAs(Schema.Table table, int version) {
        return version > Schema.SORTED_DAYS_VERSION ? storedIn(table) : List.of(table.name());
    }

    /** The tables holding {@code table}'s rows: record days are in {@code record_days} and its recent twin. */
    private static List<String> storedIn(Schema.Table table) {
        return table == Schema.RECORD_DAYS ? List.of(table.name(), table.name() + RECENT) : List.of(table.name());
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

    /**
     * Builds the rows on the calling thread, then writes them on the one write connection: writes from several
     * threads build their rows side by side and take turns at the database.
     */
    @Override
    public void write(List<RecordsMessage> batch) {
        ensureOpen();
        long p0 = System.nanoTime();
        List<Object[]> rejected = Rows.rejectedRows(batch, System.currentTimeMillis());
        Map<KindRows, List<WholeReport>> whole = KindRows.of(batch);
        Rows.Batch rows = Rows.of(batch, System.currentTimeMillis());
        if (rejected.isEmpty()
                && whole.isEmpty()
                && !rows.isEmpty()
                && rows.firstSeen().readFromStore().isEmpty()
                && writeNew(batch, rows, p0)) {
            sortRecentWhenFull();
            return;
        }
        Lock alone = access.writeLock();
        alone.lock();
        try {
            write(batch, rejected, whole, rows, p0);
        } finally {
            alone.unlock();
        }
        sortRecentWhenFull();
    }

    /** Sorts the recent record days into {@code record_days} once {@link #sortRecentAfter} have come. */
    private void sortRecentWhenFull() {
        if (recentSinceSort.get() < sortRecentAfter) {
            return;
        }
        Lock alone = access.writeLock();
        alone.lock();
        try {
            if (!closed && recentSinceSort.get() >= sortRecentAfter) {
                sortRecent();
            }
        } finally {
            alone.unlock();
        }
    }

    /**
     * Moves every row of {@code record_days_recent} into {@code record_days}, sorted by {@link #RECORD_DAYS_ORDER},
     * in one transaction: a query reads both tables, so its answer is the same before, during and after. The store
     * is held alone. A failure leaves the rows where they are and is tried again {@link #SORT_RECENT_AT} rows later.
     */
    private void sortRecent() {
        long start = System.nanoTime();
        String days = Schema.RECORD_DAYS.name();
        long[] moved = new long[1];
        try {
            inTransaction(connection, () -> {
                try (Statement s = connection.createStatement()) {
                    moved[0] = s.executeUpdate("INSERT INTO " + days + " SELECT * FROM " + days + RECENT + " ORDER BY "
                            + RECORD_DAYS_ORDER);
                    s.execute("DELETE FROM " + days + RECENT);
                }
            });
            recentSinceSort.set(0);
            LOG.info(
                    "{}: sorted {} recent record days into {} in {} ms",
                    description,
                    moved[0],
                    days,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            recentSinceSort.set(0);
            LOG.warn(
                    "{}: sorting the recent record days into {} failed ({}); they stay in {}{}, answers are the same,"
                            + " and it is tried again after {} more",
                    description,
                    days,
                    e.getMessage(),
                    days,
                    RECENT,
                    sortRecentAfter);
        }
    }

    /**
     * Sorts the recent record days in once {@code rows} have collected, from now on (tests: a few rows, to see a
     * sort happen), and sorts right away when that many are there.
     */
    public void sortRecentAfter(long rows) {
        Lock alone = access.writeLock();
        alone.lock();
        try {
            sortRecentAfter = rows;
        } finally {
            alone.unlock();
        }
        sortRecentWhenFull();
    }

    /**
     * Writes a batch of new rows beside other such writes (see the class comment); false, having written nothing,
     * when the batch may share a key with what is stored.
     */
    private boolean writeNew(List<RecordsMessage> batch, Rows.Batch rows, long p0) {
        Lock shared = access.readLock();
        shared.lock();
        DuckDBConnection writer = null;
        try {
            ensureOpen();
            synchronized (keysLock) {
                if (written == null) {
                    written = writtenKeys();
                }
                if (written.mayClash(rows.records(), rows.reports())) {
                    return false;
                }
            }
            long p1 = System.nanoTime();
            DuckDBConnection on = writers.take();
            writer = on;
            try {
                inTransaction(on, () -> {
                    load(on, Schema.RECORDS, rows.records(), "");
                    load(on, Schema.RECORD_DAYS, rows.recordDays(), RECENT);
                    load(on, Schema.REPORTS, rows.reports(), "");
                });
            } catch (SQLException | RuntimeException e) {
                synchronized (keysLock) {
                    written = null; // read again: a failed commit may still have landed
                }
                throw e;
            }
            synchronized (keysLock) {
                if (written != null) {
                    written.add(rows.records(), rows.reports());
                }
            }
            recentSinceSort.addAndGet(rows.recordDays().size());
            long p2 = System.nanoTime();
            List<Object[]> firstSeen = rows.firstSeen().rows();
            if (!firstSeen.isEmpty()) {
                synchronized (firstSeenLock) {
                    inTransaction(on, () -> {
                        try (Statement s = on.createStatement()) {
                            mergeFirstSeen(on, s, firstSeen);
                        }
                    });
                }
            }
            LOG.debug(
                    "{}: {} records (new, side by side): rows {} ms, insert and commit {} ms, first seen {} ms",
                    description,
                    rows.records().size(),
                    (p1 - p0) / 1_000_000,
                    (p2 - p1) / 1_000_000,
                    (System.nanoTime() - p2) / 1_000_000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to write to " + description, e);
        } catch (SQLException e) {
            throw writeFailed(batch, rows, e);
        } finally {
            if (writer != null) {
                writers.add(writer);
            }
            shared.unlock();
        }
    }

    /** Runs {@code action} holding the store alone, as every write but a batch of new rows does (tests). */
    public void whileHeldAlone(Runnable action) {
        Lock alone = access.writeLock();
        alone.lock();
        try {
            action.run();
        } finally {
            alone.unlock();
        }
    }

    /** Statements run in one transaction. */
    private interface TransactionWork {
        void run() throws SQLException;
    }

    /** Runs {@code work} in one transaction on {@code on}: committed when it returns, rolled back when it throws. */
    private static void inTransaction(DuckDBConnection on, TransactionWork work) throws SQLException {
        on.setAutoCommit(false);
        try {
            work.run();
            on.commit();
        } catch (SQLException | RuntimeException e) {
            on.rollback();
            throw e;
        } finally {
            on.setAutoCommit(true);
        }
    }

    private RuntimeException writeFailed(List<RecordsMessage> batch, Rows.Batch rows, SQLException e) {
        String what = "DuckDB write of " + rows.records().size() + " records and "
                + rows.reports().size()
                + " reports (first report " + batch.get(0).reportUid() + ") to " + description + " failed: "
                + e.getMessage();
        if (e.getMessage() != null && e.getMessage().startsWith("IO Error")) {
            return new StoreUnavailableException(what, e);
        }
        return new IllegalStateException(what, e);
    }

    private void write(
            List<RecordsMessage> batch,
            List<Object[]> rejected,
            Map<KindRows, List<WholeReport>> whole,
            Rows.Batch rows,
            long p0) {
        ensureOpen();
        writeRejected(rejected);
        writeWhole(whole, System.currentTimeMillis());
        if (rows.isEmpty()) {
            return;
        }
        try {
            if (written == null) {
                written = writtenKeys();
            }
            boolean mayClash = written.mayClash(rows.records(), rows.reports());
            long p1 = System.nanoTime();
            if (mayClash) {
                try (Statement s = connection.createStatement()) {
                    for (Schema.Table table : Schema.TABLES) {
                        s.execute("DELETE FROM " + table.name() + STAGING);
                    }
                }
                load(connection, Schema.RECORDS, rows.records(), STAGING);
                load(connection, Schema.RECORD_DAYS, rows.recordDays(), STAGING);
                load(connection, Schema.REPORTS, rows.reports(), STAGING);
            }
            long p2 = System.nanoTime();
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                if (mayClash) {
                    replace(s, Schema.RECORDS, List.of("report_uid", "position"));
                    replace(s, Schema.RECORD_DAYS, List.of("report_uid", "position"));
                    replace(s, Schema.REPORTS, List.of("report_uid"));
                } else {
                    // Nothing stored can share a key with these rows: they go straight in, no dedupe delete.
                    load(connection, Schema.RECORDS, rows.records(), "");
                    load(connection, Schema.RECORD_DAYS, rows.recordDays(), RECENT);
                    load(connection, Schema.REPORTS, rows.reports(), "");
                }
                mergeFirstSeen(connection, s, rows.firstSeen().rows());
                mergeFirstSeen(rows.firstSeen().readFromStore());
                long p3 = System.nanoTime();
                connection.commit();
                written.add(rows.records(), rows.reports());
                recentSinceSort.addAndGet(rows.recordDays().size());
                LOG.debug(
                        "{}: {} records ({}): rows {} ms, stage {} ms, insert {} ms, commit {} ms",
                        description,
                        rows.records().size(),
                        mayClash ? "replacing" : "new",
                        (p1 - p0) / 1_000_000,
                        (p2 - p1) / 1_000_000,
                        (p3 - p2) / 1_000_000,
                        (System.nanoTime() - p3) / 1_000_000);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            written = null; // read again: a failed commit may still have landed
            throw writeFailed(batch, rows, e);
        }
    }

    /**
     * Replaces the rows of whole reports (SMTP TLS, failure: a handful per batch, each a few rows) in one
     * transaction: every table of the kind loses the report's rows, then gets its new ones, the completion last.
     */
    private void writeWhole(Map<KindRows, List<WholeReport>> reports, long writtenAtMs) {
        if (reports.isEmpty()) {
            return;
        }
        String first = reports.values().stream()
                .flatMap(List::stream)
                .map(WholeReport::reportUid)
                .findFirst()
                .orElse(null);
        try {
            inTransaction(connection, () -> {
                for (Map.Entry<KindRows, List<WholeReport>> kind : reports.entrySet()) {
                    List<Schema.Table> tables = kind.getKey().tables();
                    for (WholeReport report : kind.getValue()) {
                        List<List<Object[]>> rows = kind.getKey().rows(report, writtenAtMs);
                        for (int t = 0; t < tables.size(); t++) {
                            insertRows(tables.get(t), report.reportUid(), rows.get(t));
                        }
                    }
                }
            });
        } catch (SQLException e) {
            String what = "DuckDB write of whole reports (first " + first + ") to " + description + " failed: "
                    + e.getMessage();
            if (e.getMessage() != null && e.getMessage().startsWith("IO Error")) {
                throw new StoreUnavailableException(what, e);
            }
            throw new IllegalStateException(what, e);
        }
    }

    /** Deletes the report's rows from {@code table} and inserts {@code rows}; inside the caller's transaction. */
    private void insertRows(Schema.Table table, String reportUid, List<Object[]> rows) throws SQLException {
        StringJoiner names = new StringJoiner(", ", " (", ")");
        StringJoiner marks = new StringJoiner(", ", " VALUES (", ")");
        for (Schema.Column column : table.columns()) {
            names.add(column.name());
            marks.add("?");
        }
        try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + table.name() + " WHERE report_uid = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table.name() + names + marks)) {
            delete.setString(1, reportUid);
            delete.executeUpdate();
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
            }
            if (!rows.isEmpty()) {
                insert.executeBatch();
            }
        }
    }

    /** Replaces the rows of rejected reports (a handful per batch at most), in one transaction. */
    private void writeRejected(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Schema.Table table = Schema.REJECTED_REPORTS;
        StringJoiner names = new StringJoiner(", ", " (", ")");
        StringJoiner marks = new StringJoiner(", ", " VALUES (", ")");
        for (Schema.Column column : table.columns()) {
            names.add(column.name());
            marks.add("?");
        }
        try {
            inTransaction(connection, () -> {
                try (PreparedStatement delete =
                                connection.prepareStatement("DELETE FROM " + table.name() + " WHERE report_uid = ?");
                        PreparedStatement insert =
                                connection.prepareStatement("INSERT INTO " + table.name() + names + marks)) {
                    for (Object[] row : rows) {
                        delete.setString(1, (String) row[0]);
                        delete.executeUpdate();
                        for (int i = 0; i < row.length; i++) {
                            insert.setObject(i + 1, row[i]);
                        }
                        insert.executeUpdate();
                    }
                }
            });
        } catch (SQLException e) {
            String what = "DuckDB write of " + rows.size() + " rejected reports (first " + rows.get(0)[0] + ") to "
                    + description + " failed: " + e.getMessage();
            if (e.getMessage() != null && e.getMessage().startsWith("IO Error")) {
                throw new StoreUnavailableException(what, e);
            }
            throw new IllegalStateException(what, e);
        }
    }

    /**
     * The keys the file holds, read once on the first write (the store is the file's only writer): a batch that
     * cannot clash with them skips the staging tables and the dedupe delete.
     */
    private WrittenKeys writtenKeys() throws SQLException {
        WrittenKeys keys = new WrittenKeys();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT report_uid, max(position) FROM records GROUP BY report_uid")) {
                while (rs.next()) {
                    keys.addRecord(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT report_uid FROM reports")) {
                while (rs.next()) {
                    keys.addReport(rs.getString(1));
                }
            }
        }
        return keys;
    }

    /**
     * How a first-seen row meets a stored one: the earlier day stays (its rank is that day's). A stored source seen
     * again on a later day, the usual case once reports come daily, is left as it is rather than rewritten with the
     * same values: 50,000 such rows merge into 9.6 million in 188-208 ms instead of 225-234.
     */
    private static final String EARLIER_DAY_WINS = " ON CONFLICT (" + FIRST_SEEN_KEY + ") DO UPDATE SET"
            + " first_day = excluded.first_day, first_day_rank = excluded.first_day_rank"
            + " WHERE excluded.first_day < " + Schema.FIRST_SEEN.name() + ".first_day";

    /** Merges first-seen rows into {@link Schema#FIRST_SEEN}, keeping the earlier day of each source. */
    private void mergeFirstSeen(DuckDBConnection on, Statement s, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String name = Schema.FIRST_SEEN.name();
        s.execute("DELETE FROM " + name + STAGING);
        load(on, Schema.FIRST_SEEN, rows, STAGING);
        s.execute("INSERT INTO " + name + " SELECT *, " + FIRST_SEEN_KEY_OF + " FROM " + name + STAGING
                + EARLIER_DAY_WINS);
        s.execute("DELETE FROM " + name + STAGING);
    }

    /**
     * Merges the first-seen days of completed reports whose records came in earlier batches, read from their stored
     * days in the caller's transaction, keeping the earlier day of each source.
     */
    private void mergeFirstSeen(List<String> completedUids) throws SQLException {
        for (int i = 0; i < completedUids.size(); i += FIRST_SEEN_UIDS) {
            List<String> chunk = completedUids.subList(i, Math.min(completedUids.size(), i + FIRST_SEEN_UIDS));
            String name = Schema.FIRST_SEEN.name();
            try (PreparedStatement merge = connection.prepareStatement("INSERT INTO " + name
                    + " SELECT policy_domain, source_ip, min(day), 100000 - (min(day) - DATE '1970-01-01'), "
                    + FIRST_SEEN_KEY_OF + " FROM " + table(Schema.RECORD_DAYS) + " WHERE report_uid IN ("
                    + marks(chunk.size()) + ") GROUP BY policy_domain, source_ip"
                    + EARLIER_DAY_WINS)) {
                for (int p = 0; p < chunk.size(); p++) {
                    merge.setString(p + 1, chunk.get(p));
                }
                merge.execute();
            }
        }
    }

    /**
     * Moves a staged table in, in the caller's transaction: rows whose key is staged are deleted, then the staged
     * rows inserted. A record's days are replaced as a whole (matched on report_uid and position).
     */
    private static void replace(Statement s, Schema.Table table, List<String> key) throws SQLException {
        String name = table.name();
        for (String stored : storedIn(table)) {
            StringBuilder match = new StringBuilder();
            for (String column : key) {
                match.append(match.length() == 0 ? "" : " AND ");
                match.append(stored).append('.').append(column).append(" = s.").append(column);
            }
            s.execute("DELETE FROM " + stored + " USING (SELECT DISTINCT " + String.join(", ", key) + " FROM " + name
                    + STAGING + ") AS s WHERE " + match);
        }
        s.execute("INSERT INTO " + appendedTo(table) + " SELECT * FROM " + name + STAGING);
        s.execute("DELETE FROM " + name + STAGING);
    }

    /** The table new rows of {@code table} are appended to: {@code record_days_recent} for record days. */
    private static String appendedTo(Schema.Table table) {
        return table == Schema.RECORD_DAYS ? table.name() + RECENT : table.name();
    }

    /**
     * Appends rows to the table (suffix "") or its staging table through DuckDB's Appender, in the caller's
     * transaction. Values go in the table's own column order (a column added by a later migration sits at the end
     * of the table, wherever {@link Schema} declares it), each as its column's type.
     */
    private void load(DuckDBConnection connection, Schema.Table table, List<Object[]> rows, String suffix)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int[] order = columnOrder.get(table.name());
        Schema.Type[] types = new Schema.Type[order.length];
        for (int i = 0; i < order.length; i++) {
            types[i] = table.columns().get(order[i]).type();
        }
        try (DuckDBAppender appender =
                connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table.name() + suffix)) {
            for (Object[] row : rows) {
                appender.beginRow();
                for (int i = 0; i < order.length; i++) {
                    append(appender, types[i], row[order[i]]);
                }
                appender.endRow();
            }
        }
    }

    private static void append(DuckDBAppender appender, Schema.Type type, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
            return;
        }
        switch (type) {
            case TEXT -> appender.append((String) value);
            case LONG -> appender.append(((Number) value).longValue());
            case INT -> appender.append(((Number) value).intValue());
            case FLAG -> appender.append(((Number) value).byteValue());
            case DATE -> appender.append((LocalDate) value);
        }
    }

    /**
     * For each table, the {@link Schema} index of the value that goes in each of the table's columns, in the
     * table's order; a table whose columns do not match the schema is refused.
     */
    private Map<String, int[]> columnOrders() throws SQLException {
        Map<String, int[]> orders = new HashMap<>();
        for (Schema.Table table : STAGED) {
            List<Integer> order = new ArrayList<>();
            for (String column : columnNames(table.name())) {
                if (table != Schema.FIRST_SEEN || !column.equals(FIRST_SEEN_KEY)) {
                    order.add(table.index(column));
                }
            }
            if (order.size() != table.columns().size()) {
                throw new SQLException("table " + table.name() + " has " + order.size() + " columns, the schema "
                        + table.columns().size());
            }
            orders.put(table.name(), order.stream().mapToInt(Integer::intValue).toArray());
        }
        for (Schema.Table table : STAGED) {
            // Rows move between a table and its twin with SELECT *: their columns must be in the same order.
            List<String> names = columnNames(table.name());
            for (String stored : storedIn(table)) {
                List<String> twin = columnNames(stored);
                if (!twin.equals(names)) {
                    throw new SQLException(
                            "table " + stored + " has the columns " + twin + ", " + table.name() + " " + names);
                }
            }
        }
        return orders;
    }

    private long count(String table) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> columnNames(String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main'"
                        + " AND table_name = ? ORDER BY ordinal_position")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    @Override
    protected List<Map<String, Object>> select(String sql, List<Object> params) {
        ensureOpen();
        DuckDBConnection reader;
        try {
            reader = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("DuckDB query on " + description + " was interrupted", e);
        }
        try {
            ensureOpen();
            return select(reader, sql, params);
        } finally {
            readers.add(reader);
        }
    }

    private List<Map<String, Object>> select(Connection reader, String sql, List<Object> params) {
        try (PreparedStatement statement = reader.prepareStatement(sql)) {
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
        List<String> stored = storedIn(table);
        if (stored.size() == 1) {
            return table.name();
        }
        return "(SELECT * FROM " + String.join(" UNION ALL SELECT * FROM ", stored) + ")";
    }

    @Override
    protected void appendStateRow(Schema.Table table, Object[] row) {
        Lock alone = access.writeLock();
        alone.lock();
        try {
            ensureOpen();
            StringJoiner columns = new StringJoiner(", ");
            StringJoiner marks = new StringJoiner(", ");
            for (Schema.Column column : table.columns()) {
                columns.add(column.name());
                marks.add("?");
            }
            try (PreparedStatement s = connection.prepareStatement(
                    "INSERT INTO " + table.name() + " (" + columns + ") VALUES (" + marks + ")")) {
                for (int i = 0; i < row.length; i++) {
                    s.setObject(i + 1, row[i]);
                }
                s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "DuckDB insert into " + table.name() + " on " + description + " failed: " + e.getMessage(), e);
            }
        } finally {
            alone.unlock();
        }
    }

    /**
     * Looks the domain's IPs up by {@link #FIRST_SEEN_KEY}, the key DuckDB scans its index for: a filter on the
     * domain and the IP as two columns would read the whole table.
     */
    @Override
    protected String firstSeenSql(String domainKey, List<String> ips, List<Object> params) {
        for (String ip : ips) {
            params.add(domainKey + '\n' + ip);
        }
        return "SELECT source_ip AS v_ip, first_day AS v_first FROM " + Schema.FIRST_SEEN.name() + " WHERE "
                + FIRST_SEEN_KEY + " IN (" + marks(ips.size()) + ")";
    }

    @Override
    protected String argMax() {
        return "arg_max";
    }

    @Override
    protected boolean hasWindowFunctions() {
        return true;
    }

    @Override
    public long deleteFailuresArrivedBefore(java.time.Instant cutoff) {
        Lock alone = access.writeLock();
        alone.lock();
        try {
            ensureOpen();
            try (PreparedStatement s = connection.prepareStatement(
                    "DELETE FROM " + Schema.FAILURE_REPORTS.name() + " WHERE arrival_ms < ?")) {
                s.setLong(1, cutoff.toEpochMilli());
                return s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "DuckDB delete of the failure reports that arrived before " + cutoff + " on " + description
                                + " failed: " + e.getMessage(),
                        e);
            }
        } finally {
            alone.unlock();
        }
    }

    /** Checkpoints (moves the write-ahead log into the file), then sizes the file and what is left of its log. */
    @Override
    public OptionalLong bytesOnDisk() {
        Lock alone = access.writeLock();
        alone.lock();
        try {
            ensureOpen();
            if (path == null) {
                return OptionalLong.empty();
            }
            try (Statement s = connection.createStatement()) {
                s.execute("CHECKPOINT");
                Path wal = path.resolveSibling(path.getFileName() + ".wal");
                return OptionalLong.of(Files.size(path) + (Files.exists(wal) ? Files.size(wal) : 0));
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("cannot size " + description + ": " + e.getMessage(), e);
            }
        } finally {
            alone.unlock();
        }
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
    protected void deleteWhere(Schema.Table table, String where, Object bound) {
        Lock alone = access.writeLock();
        alone.lock();
        try {
            ensureOpen();
            try {
                inTransaction(connection, () -> {
                    for (String stored : storedIn(table)) {
                        try (PreparedStatement delete =
                                connection.prepareStatement("DELETE FROM " + stored + " WHERE " + where)) {
                            delete.setObject(1, bound);
                            delete.executeUpdate();
                        }
                    }
                });
                written = null; // what the file holds changed: read again on the next write
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "DuckDB delete of expired " + table.name() + " rows in " + description + " failed: "
                                + e.getMessage(),
                        e);
            }
        } finally {
            alone.unlock();
        }
    }

    @Override
    public void close() {
        stopExpiry();
        closeConnections();
    }

    private void closeConnections() {
        Lock alone = access.writeLock();
        alone.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (DuckDBConnection writer : allWriters) {
                try {
                    writer.close();
                } catch (SQLException e) {
                    LOG.warn("{}: close failed: {}", description, e.getMessage());
                }
            }
            for (DuckDBConnection reader : allReaders) {
                try {
                    reader.close();
                } catch (SQLException e) {
                    LOG.warn("{}: close failed: {}", description, e.getMessage());
                }
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("{}: close failed: {}", description, e.getMessage());
            }
        } finally {
            alone.unlock();
        }
    }
}
