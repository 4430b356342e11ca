package io.ruaflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.ruaflow.enricher.testing.CapturedLog;
import io.ruaflow.store.internal.DuckDbStore;
import io.ruaflow.store.internal.Schema;
import io.ruaflow.store.testing.StoreTestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStoreTest extends ReportStoreContract {
    @TempDir
    Path dir;

    @Override
    ReportStore newStore() {
        return ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
    }

    @Test
    void reopeningKeepsDataAndSkipsAppliedMigrations() {
        store.write(io.ruaflow.store.testing.StoreTestData.report(
                io.ruaflow.samples.ReportBuilder.dayHeader("Google", "1", "example.com", DAY),
                io.ruaflow.store.testing.StoreTestData.Source.passing("192.0.2.1", 3)));
        store.close();
        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
        assertThat(store.summary("example.com", DAY_RANGE).messages()).isEqualTo(3);
        assertThat(store.describe()).isEqualTo("duckdb:" + dir.resolve("test.duckdb"));
    }

    @Test
    void aNewFileSaysOnceThatItIsNewAnUpgradedOneNamesEachMigration() throws java.sql.SQLException {
        String url = "duckdb:" + dir.resolve("log.duckdb");
        try (CapturedLog log = CapturedLog.of(DuckDbStore.class, Level.INFO)) {
            ReportStores.open(url).close();
            assertThat(log.lines()).containsExactly(url + ": new store, schema version " + Schema.VERSION);
        }
        try (CapturedLog log = CapturedLog.of(DuckDbStore.class, Level.INFO)) {
            ReportStores.open(url).close();
            assertThat(log.lines()).isEmpty();
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("log.duckdb"));
                java.sql.Statement s = c.createStatement()) {
            undoVersionNine(s);
        }
        try (CapturedLog log = CapturedLog.of(DuckDbStore.class, Level.INFO)) {
            ReportStores.open(url).close();
            assertThat(log.lines())
                    .containsExactly(
                            url + ": applying schema migration " + Schema.KEYED_FIRST_SEEN_VERSION
                                    + ": keying each source's first day by domain and IP, once",
                            url + ": applied schema migration " + Schema.KEYED_FIRST_SEEN_VERSION);
        }
    }

    @Test
    void aStoreOpenedWithARetentionDeletesWhatExpiredOnOpening() throws InterruptedException {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        store.write(StoreTestData.report(
                io.ruaflow.samples.ReportBuilder.dayHeader("Google", "old", "example.com", today.minusDays(40)),
                StoreTestData.Source.passing("192.0.2.1", 5)));
        store.write(StoreTestData.report(
                io.ruaflow.samples.ReportBuilder.dayHeader("Google", "new", "example.com", today.minusDays(1)),
                StoreTestData.Source.passing("192.0.2.1", 2)));
        store.close();
        DateRange range = new DateRange(today.minusDays(60), today);
        StoreSettings thirtyDays =
                StoreSettings.DEFAULT.withRetention(Retention.none().withDays(Retention.AGGREGATE, 30));

        store = ReportStores.open(StoreUrl.parse("duckdb:" + dir.resolve("test.duckdb")), thirtyDays);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (store.summary("example.com", range).messages() != 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(store.summary("example.com", range).messages()).isEqualTo(2);
        assertThat(store.reports(null, 10)).hasSize(1);
    }

    @Test
    void reportRedeliveredAfterReopeningIsCountedOnce() {
        var messages = io.ruaflow.store.testing.StoreTestData.report(
                io.ruaflow.samples.ReportBuilder.dayHeader("Google", "1", "example.com", DAY),
                io.ruaflow.store.testing.StoreTestData.Source.passing("192.0.2.1", 3),
                io.ruaflow.store.testing.StoreTestData.Source.failing("192.0.2.2", 4));
        store.write(messages);
        store.close();
        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
        store.write(messages.subList(1, messages.size()));
        store.write(messages);

        assertThat(store.summary("example.com", DAY_RANGE).messages()).isEqualTo(7);
        assertThat(store.reports(null, 10)).hasSize(1);
    }

    @Test
    void recordsOfOneReportSplitOverBatchesAreAllKept() {
        var messages = io.ruaflow.store.testing.StoreTestData.report(
                io.ruaflow.samples.ReportBuilder.dayHeader("Google", "1", "example.com", DAY),
                io.ruaflow.store.testing.StoreTestData.Source.passing("192.0.2.1", 3),
                io.ruaflow.store.testing.StoreTestData.Source.failing("192.0.2.2", 4));
        store.write(messages.subList(0, 1));
        store.write(messages.subList(1, messages.size()));
        store.write(messages.subList(0, 1));

        assertThat(store.summary("example.com", DAY_RANGE).messages()).isEqualTo(7);
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10)))
                .hasSize(2);
    }

    @Test
    void aVersionTwoFileIsMigratedAndItsFirstSeenDaysBackfilled() throws Exception {
        java.time.LocalDate monday = java.time.LocalDate.parse("2026-11-09");
        store.write(io.ruaflow.store.testing.StoreTestData.report(
                io.ruaflow.store.testing.StoreTestData.dayHeader("Google", "1", "example.com", monday.minusDays(2)),
                io.ruaflow.store.testing.StoreTestData.Source.passing("192.0.2.1", 3)));
        store.write(io.ruaflow.store.testing.StoreTestData.report(
                io.ruaflow.store.testing.StoreTestData.dayHeader("Google", "2", "example.com", monday),
                io.ruaflow.store.testing.StoreTestData.Source.passing("192.0.2.1", 5),
                io.ruaflow.store.testing.StoreTestData.Source.failing("192.0.2.2", 4)));
        store.close();
        // Turn the file back into what schema version 2 wrote: no first_seen table, no version 3 columns.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("test.duckdb"));
                java.sql.Statement s = c.createStatement()) {
            undoVersionEight(s);
            s.execute("DROP INDEX first_seen_source_ip");
            s.execute("DROP TABLE first_seen");
            for (String column : List.of(
                    "differs_from_reporter", "ptr_confirmed", "ptr_base_domain", "fresh_spf_mechanism", "dkim_keys")) {
                s.execute("ALTER TABLE record_days DROP COLUMN " + column);
            }
            s.execute("DROP TABLE record_days_staging");
            s.execute("DELETE FROM schema_migrations WHERE version = 3");
        }
        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));

        WeeklyData weekly = store.weekly("example.com", "2026-W46");
        assertThat(weekly.newSources()).extracting(SourceRow::sourceIp).containsExactly("192.0.2.2");
        assertThat(weekly.sources())
                .extracting(SourceRow::sourceIp, SourceRow::firstSeen)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("192.0.2.1", monday.minusDays(2)),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.2", monday));
        // Rows written before the migration have no new-column values; the next write fills them.
        assertThat(weekly.sources().get(0).freshSpfMechanism()).isNull();
        store.write(io.ruaflow.store.testing.StoreTestData.report(
                io.ruaflow.store.testing.StoreTestData.dayHeader("Yahoo", "3", "example.com", monday.plusDays(1)),
                io.ruaflow.store.testing.StoreTestData.Source.passing("192.0.2.1", 1)));
        assertThat(store.weekly("example.com", "2026-W46").sources().get(0).freshSpfMechanism())
                .isEqualTo("ip4:192.0.2.1");
    }

    @Test
    void aVersionSixFileLosesTheRecordsHeaderColumnsAndKeepsEveryRecord() throws Exception {
        store.write(StoreTestData.report(
                io.ruaflow.samples.ReportBuilder.dayHeader("Google", "1", "example.com", DAY),
                StoreTestData.Source.passing("192.0.2.1", 3),
                StoreTestData.Source.failing("192.0.2.2", 4)));
        store.close();
        Path file = dir.resolve("test.duckdb");
        // Turn the file back into what schema version 6 wrote: the whole report header on every record.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file);
                java.sql.Statement s = c.createStatement()) {
            for (io.ruaflow.store.internal.Schema.Dropped dropped : io.ruaflow.store.internal.Schema.DROPPED) {
                s.execute("ALTER TABLE records ADD COLUMN " + dropped.column() + " VARCHAR DEFAULT 'v6'");
            }
            s.execute("DROP TABLE records_staging");
            s.execute("DELETE FROM schema_migrations WHERE version = "
                    + io.ruaflow.store.internal.Schema.NARROW_RECORDS_VERSION);
            assertThat(recordsColumns(s)).contains("report_id", "source_sha256", "policy_p");
        }

        store = ReportStores.open("duckdb:" + file);
        assertThat(store.sourceDetail("example.com", "192.0.2.2", DAY_RANGE))
                .hasValueSatisfying(detail -> assertThat(detail.records())
                        .singleElement()
                        .satisfies(r -> assertThat(r.record().count()).isEqualTo(4)));
        store.write(StoreTestData.report(
                io.ruaflow.samples.ReportBuilder.dayHeader("Yahoo", "2", "example.com", DAY),
                StoreTestData.Source.failing("192.0.2.2", 5)));
        assertThat(store.summary("example.com", DAY_RANGE).messages()).isEqualTo(12);
        assertThat(store.sourceDetail("example.com", "192.0.2.2", DAY_RANGE))
                .hasValueSatisfying(detail -> assertThat(detail.records()).hasSize(2));
        assertThat(store.reports(null, 10)).extracting(ReportInfo::reportId).containsExactlyInAnyOrder("1", "2");
        store.close();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file);
                java.sql.Statement s = c.createStatement()) {
            assertThat(recordsColumns(s))
                    .contains("policy_domain", "org_name", "begin_ms", "end_ms", "source_ip")
                    .doesNotContainAnyElementsOf(io.ruaflow.store.internal.Schema.DROPPED.stream()
                            .map(io.ruaflow.store.internal.Schema.Dropped::column)
                            .toList());
        }
        store = ReportStores.open("duckdb:" + file);
    }

    private static List<String> recordsColumns(java.sql.Statement s) throws java.sql.SQLException {
        List<String> columns = new ArrayList<>();
        try (java.sql.ResultSet rs =
                s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = 'records'")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    @Test
    void alertStateSurvivesReopeningAndEmptyMigrationsAreNotRecorded() throws Exception {
        AlertState.AlertClaim claim = new AlertState.AlertClaim(
                "k", "a", "new_source", "example.com", "192.0.2.9", "s", "{}", java.time.Instant.ofEpochMilli(1000));
        assertThat(store.claim(claim)).isTrue();
        store.close();
        List<Integer> recorded = new ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("test.duckdb"));
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations ORDER BY version")) {
            while (rs.next()) {
                recorded.add(rs.getInt(1));
            }
        }
        List<Integer> withWork = java.util.stream.IntStream.rangeClosed(1, io.ruaflow.store.internal.Schema.VERSION)
                .filter(v -> io.ruaflow.store.internal.Schema.MIGRATED.stream()
                        .anyMatch(t -> t.columns().stream().anyMatch(col -> col.since() == v)
                                || !io.ruaflow.store.internal.Schema.droppedBy(t, v)
                                        .isEmpty()))
                .boxed()
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        withWork.add(io.ruaflow.store.internal.Schema.SORTED_DAYS_VERSION); // DuckDB's alone
        withWork.add(io.ruaflow.store.internal.Schema.KEYED_FIRST_SEEN_VERSION);
        assertThat(recorded).isEqualTo(withWork).contains(io.ruaflow.store.internal.Schema.ALERTS_VERSION);
        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
        assertThat(store.claim(claim)).isFalse();
        assertThat(store.alerts("example.com", 10)).hasSize(1);
    }

    @Test
    void recentDaysSortedIntoRecordDaysGiveTheSameAnswers() throws Exception {
        DateRange range = new DateRange(DAY.minusDays(10), DAY);
        for (int i = 0; i < 6; i++) {
            store.write(StoreTestData.report(
                    io.ruaflow.samples.ReportBuilder.dayHeader(
                            "Google", "r" + i, i % 2 == 0 ? "b.example" : "a.example", DAY.minusDays(i % 3)),
                    StoreTestData.Source.passing("192.0.2." + (i + 1), i + 1),
                    StoreTestData.Source.failing("198.51.100." + (i % 2 + 1), 2)));
        }
        List<Object> before = answers(range);
        store.close();
        assertThat(dayRows("record_days_recent")).hasSize(12);
        assertThat(dayRows("record_days")).isEmpty();

        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
        assertThat(answers(range)).isEqualTo(before);
        ((io.ruaflow.store.internal.DuckDbStore) store).sortRecentAfter(5);
        assertThat(answers(range)).isEqualTo(before);
        store.close();

        assertThat(dayRows("record_days_recent")).isEmpty();
        List<String> stored = dayRows("record_days");
        assertThat(stored).hasSize(12).isSorted();
        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
        store.write(StoreTestData.report(
                io.ruaflow.samples.ReportBuilder.dayHeader("Google", "r0", "b.example", DAY),
                StoreTestData.Source.passing("192.0.2.1", 1),
                StoreTestData.Source.failing("198.51.100.1", 2)));
        assertThat(answers(range)).isEqualTo(before); // the same report again replaces its sorted-in days
    }

    @Test
    void aVersionSevenFileHasItsDaysSortedOnOpening() throws Exception {
        writeFourDays(i -> new StoreTestData.Source[] {StoreTestData.Source.passing("192.0.2." + (i + 1), i + 1)});
        DateRange range = new DateRange(DAY.minusDays(10), DAY);
        List<Object> before = answersThenUndo(range, DuckDbStoreTest::undoVersionEight);
        assertThat(dayRows("record_days"))
                .hasSize(4)
                .isNotEqualTo(dayRows("record_days").stream().sorted().toList());

        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
        assertThat(answers(range)).isEqualTo(before);
        store.close();
        assertThat(dayRows("record_days")).hasSize(4).isSorted();
        assertThat(dayRows("record_days_recent")).isEmpty();
        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
    }

    @Test
    void aVersionEightFileHasItsFirstSeenKeyedOnOpeningAndAnswersTheSame() throws Exception {
        writeFourDays(i -> new StoreTestData.Source[] {
            StoreTestData.Source.passing("192.0.2." + (i % 2 + 1), i + 1),
            StoreTestData.Source.failing("198.51.100.1", 2)
        });
        DateRange range = new DateRange(DAY.minusDays(10), DAY);
        List<Object> before = answersThenUndo(range, DuckDbStoreTest::undoVersionNine);

        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
        assertThat(answers(range)).isEqualTo(before);
        // an IP seen for both domains has one first day for each
        store.write(StoreTestData.report(
                io.ruaflow.samples.ReportBuilder.dayHeader("Yahoo", "y1", "a.example", DAY.minusDays(9)),
                StoreTestData.Source.failing("198.51.100.1", 1)));
        assertThat(store.sources("a.example", new DateRange(DAY, DAY), new SourceQuery(true, 10)))
                .isEmpty();
        assertThat(store.sources("a.example", range, new SourceQuery(true, 10)))
                .extracting(SourceRow::sourceIp, SourceRow::firstSeen)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("198.51.100.1", DAY.minusDays(9)));
        assertThat(store.sources("b.example", range, new SourceQuery(true, 10)))
                .extracting(SourceRow::sourceIp, SourceRow::firstSeen)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("198.51.100.1", DAY.minusDays(2)));
        store.close();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("test.duckdb"));
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT domain_ip, policy_domain, source_ip FROM first_seen")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                assertThat(rs.getString(1)).isEqualTo(rs.getString(2) + "\n" + rs.getString(3));
            }
            assertThat(rows).isEqualTo(4);
        }
        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
    }

    /** A change that turns a closed file back into what an older schema version kept. */
    private interface Undo {
        void on(java.sql.Statement s) throws java.sql.SQLException;
    }

    /** The {@link #answers} over the range; then the store is closed and its file turned back by {@code undo}. */
    private List<Object> answersThenUndo(DateRange range, Undo undo) throws java.sql.SQLException {
        List<Object> before = answers(range);
        store.close();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("test.duckdb"));
                java.sql.Statement s = c.createStatement()) {
            undo.on(s);
        }
        return before;
    }

    /** Four reports, one a day back from DAY, of b.example and a.example in turn, with the sources given for each. */
    private void writeFourDays(java.util.function.IntFunction<StoreTestData.Source[]> sources) {
        for (int i = 0; i < 4; i++) {
            store.write(StoreTestData.report(
                    io.ruaflow.samples.ReportBuilder.dayHeader(
                            "Google", "r" + i, i % 2 == 0 ? "b.example" : "a.example", DAY.minusDays(i)),
                    sources.apply(i)));
        }
    }

    /**
     * Turns a closed file back into what schema version 7 kept: every record day in record_days, in arrival order;
     * no recent table; first_seen keyed by its two columns.
     */
    private static void undoVersionEight(java.sql.Statement s) throws java.sql.SQLException {
        undoVersionNine(s);
        s.execute("INSERT INTO record_days SELECT * FROM record_days_recent");
        s.execute("DROP TABLE record_days_recent");
        s.execute("DELETE FROM schema_migrations WHERE version = "
                + io.ruaflow.store.internal.Schema.SORTED_DAYS_VERSION);
    }

    /** Turns a closed file back into what schema version 8 kept: first_seen keyed by (policy_domain, source_ip). */
    private static void undoVersionNine(java.sql.Statement s) throws java.sql.SQLException {
        s.execute("CREATE TEMP TABLE first_seen_old AS SELECT * EXCLUDE (domain_ip) FROM first_seen");
        s.execute("DROP TABLE first_seen");
        s.execute("DROP TABLE first_seen_staging");
        s.execute("CREATE TABLE first_seen (policy_domain VARCHAR NOT NULL, source_ip VARCHAR NOT NULL,"
                + " first_day DATE NOT NULL, first_day_rank BIGINT NOT NULL, PRIMARY KEY (policy_domain, source_ip))");
        s.execute("INSERT INTO first_seen SELECT * FROM first_seen_old");
        s.execute("CREATE INDEX first_seen_source_ip ON first_seen (source_ip)");
        s.execute("DELETE FROM schema_migrations WHERE version = "
                + io.ruaflow.store.internal.Schema.KEYED_FIRST_SEEN_VERSION);
    }

    /** What the queries over record days answer for the two domains of the sorting tests. */
    private List<Object> answers(DateRange range) {
        List<Object> answers = new ArrayList<>();
        for (String domain : List.of("a.example", "b.example")) {
            answers.add(store.summary(domain, range));
            answers.add(store.sources(domain, range, new SourceQuery(false, 100)));
            answers.add(store.sources(domain, range, new SourceQuery(true, 100)));
            answers.add(store.timeseries(domain, range));
        }
        answers.add(store.domains(range));
        return answers;
    }

    /** The domain and day of each row of a record-days table of the closed store, in the order it is stored. */
    private List<String> dayRows(String table) throws java.sql.SQLException {
        List<String> rows = new ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("test.duckdb"));
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT policy_domain || ' ' || day FROM " + table)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    @Test
    void inMemoryStoreWorks() {
        try (ReportStore memory = ReportStores.open("duckdb::memory:")) {
            assertThat(memory.describe()).isEqualTo("duckdb::memory:");
            assertThat(memory.domains(DAY_RANGE)).isEmpty();
            assertThat(memory.bytesOnDisk()).isEmpty();
        }
    }

    @Test
    void queriesDoNotWaitForTheWriter() throws Exception {
        store.write(StoreTestData.report(
                StoreTestData.dayHeader("Google", "1", "example.com", DAY),
                StoreTestData.Source.passing("192.0.2.1", 3)));
        // A replacing write holds the store alone for a whole batch; queries use their own connections and go on.
        CompletableFuture<Long> messages = new CompletableFuture<>();
        ((io.ruaflow.store.internal.DuckDbStore) store).whileHeldAlone(() -> {
            CompletableFuture<Long> answer = CompletableFuture.supplyAsync(
                    () -> store.summary("example.com", DAY_RANGE).messages());
            try {
                messages.complete(answer.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                messages.completeExceptionally(e);
            }
        });
        assertThat(messages.get()).isEqualTo(3);
    }

    /**
     * The sink's threads write batches side by side: new reports on parallel connections, redelivered ones alone,
     * sources shared between batches merged into first_seen one at a time. The result equals one writer's.
     */
    @Test
    void batchesWrittenFromSeveralThreadsAtOnceAgreeWithOneWriter() throws Exception {
        List<List<io.ruaflow.enricher.RecordsMessage>> batches = new ArrayList<>();
        for (int seed = 0; seed < 24; seed++) {
            batches.add(StoreTestData.generated(100 + seed, 15, 3)); // 40 IPs shared by every batch
        }
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
            for (var batch : batches) {
                writes.add(threads.submit(() -> store.write(batch)));
            }
            for (int i = 0; i < batches.size(); i += 3) {
                var again = batches.get(i); // redelivered while new batches are written
                writes.add(threads.submit(() -> store.write(again)));
                writes.add(threads.submit(() -> store.write(StoreTestData.generated(200, 15, 3))));
            }
            for (var write : writes) {
                write.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        DateRange range =
                new DateRange(java.time.LocalDate.parse("2026-10-01"), java.time.LocalDate.parse("2026-12-31"));
        try (ReportStore one = ReportStores.open("duckdb::memory:")) {
            batches.forEach(one::write);
            one.write(StoreTestData.generated(200, 15, 3));
            assertThat(store.domains(range)).isEqualTo(one.domains(range)).hasSize(3);
            assertThat(store.reports(null, 1_000))
                    .hasSize(one.reports(null, 1_000).size());
            for (var domain : one.domains(range)) {
                String name = domain.domain();
                assertThat(store.summary(name, range)).isEqualTo(one.summary(name, range));
                for (SourceQuery query : List.of(
                        new SourceQuery(false, 100),
                        new SourceQuery(true, 100),
                        new SourceQuery(false, false, true, 100))) {
                    assertThat(store.sources(name, range, query)).isEqualTo(one.sources(name, range, query));
                }
            }
        }
    }

    @Test
    void concurrentQueriesAllAnswer() {
        store.write(StoreTestData.generated(7, 20, 3));
        long expected = store.summary("domain0.example", NOVEMBER).messages();
        assertThat(expected).isPositive();
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (int i = 0; i < 4 * io.ruaflow.store.internal.DuckDbStore.READ_CONNECTIONS; i++) {
            answers.add(CompletableFuture.supplyAsync(
                    () -> store.summary("domain0.example", NOVEMBER).messages()));
        }
        assertThat(answers).allSatisfy(answer -> assertThat(answer.join()).isEqualTo(expected));
    }

    @Test
    void openExistingRefusesAMissingFileAndCreatesNothing() {
        Path typo = dir.resolve("typo").resolve("r.duckdb");

        assertThatThrownBy(() -> ReportStores.openExisting(StoreUrl.parse("duckdb:" + typo)))
                .isInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining("no store at duckdb:" + typo);
        assertThat(typo.getParent()).doesNotExist();
    }
}
