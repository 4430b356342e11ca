package io.ruaflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.ruaflow.enricher.testing.CapturedLog;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.store.internal.ClickHouseStore;
import io.ruaflow.store.internal.Schema;
import io.ruaflow.store.testing.ClickHouseServer;
import io.ruaflow.store.testing.StoreTestData;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ClickHouseStoreTest extends ReportStoreContract {
    @Override
    ReportStore newStore() {
        return ReportStores.open(ClickHouseServer.shared().newDatabaseUrl());
    }

    @Override
    void awaitDeletes() {
        ClickHouseServer.shared()
                .awaitMutations(store.describe().substring(store.describe().lastIndexOf('/') + 1));
    }

    @Test
    void rowsNotYetMergedAreCountedOnce() {
        var messages = StoreTestData.report(
                ReportBuilder.dayHeader("Google", "1", "example.com", DAY),
                StoreTestData.Source.passing("192.0.2.1", 30));
        for (int i = 0; i < 3; i++) {
            store.write(messages);
        }
        String database = store.describe().substring(store.describe().lastIndexOf('/') + 1);
        String raw = ClickHouseServer.shared()
                .execute("SELECT count() FROM " + database + ".record_days FORMAT TabSeparated")
                .trim();
        assertThat(Long.parseLong(raw)).as("unmerged copies in the table").isGreaterThan(1);
        assertThat(store.summary("example.com", DAY_RANGE).messages()).isEqualTo(30);
    }

    @Test
    void reopeningAppliesNoMigrationTwice() {
        String url = ClickHouseServer.shared().newDatabaseUrl();
        try (CapturedLog log = CapturedLog.of(ClickHouseStore.class, Level.INFO)) {
            ReportStores.open(url).close();
            assertThat(log.lines()).containsExactly(url + ": new store, schema version " + Schema.VERSION);
        }
        try (CapturedLog log = CapturedLog.of(ClickHouseStore.class, Level.INFO);
                ReportStore again = ReportStores.open(url)) {
            assertThat(log.lines()).isEmpty();
            String database = url.substring(url.lastIndexOf('/') + 1);
            assertThat(ClickHouseServer.shared()
                            .execute("SELECT count() FROM " + database + ".schema_migrations FORMAT TabSeparated")
                            .trim())
                    .isEqualTo(String.valueOf(java.util.stream.IntStream.rangeClosed(1, Schema.VERSION)
                            .filter(v -> Schema.MIGRATED.stream()
                                    .anyMatch(t -> t.columns().stream().anyMatch(c -> c.since() == v)))
                            .count()));
            assertThat(again.domains(DAY_RANGE)).isEmpty();
        }
    }

    @Test
    void aVersionSixDatabaseLosesTheRecordsHeaderColumnsAndKeepsEveryRecord() {
        String url = ClickHouseServer.shared().newDatabaseUrl();
        String database = url.substring(url.lastIndexOf('/') + 1);
        try (ReportStore before = ReportStores.open(url)) {
            before.write(StoreTestData.report(
                    ReportBuilder.dayHeader("Google", "1", "example.com", DAY),
                    StoreTestData.Source.failing("192.0.2.2", 4)));
        }
        // What schema version 6 had: the whole report header on every record.
        for (Schema.Dropped dropped : Schema.DROPPED) {
            ClickHouseServer.shared()
                    .execute("ALTER TABLE " + database + ".records ADD COLUMN " + dropped.column()
                            + " Nullable(String)");
        }
        assertThat(recordsColumns(database)).contains("report_id", "policy_p");

        try (ReportStore after = ReportStores.open(url)) {
            assertThat(recordsColumns(database))
                    .contains("policy_domain", "org_name", "begin_ms", "end_ms", "source_ip")
                    .doesNotContainAnyElementsOf(
                            Schema.DROPPED.stream().map(Schema.Dropped::column).toList());
            after.write(StoreTestData.report(
                    ReportBuilder.dayHeader("Yahoo", "2", "example.com", DAY),
                    StoreTestData.Source.failing("192.0.2.2", 5)));
            assertThat(after.summary("example.com", DAY_RANGE).messages()).isEqualTo(9);
            assertThat(after.sourceDetail("example.com", "192.0.2.2", DAY_RANGE))
                    .hasValueSatisfying(detail -> assertThat(detail.records()).hasSize(2));
        }
        assertThat(ClickHouseServer.shared()
                        .execute("SELECT count() FROM " + database + ".schema_migrations WHERE version = "
                                + Schema.NARROW_RECORDS_VERSION + " FORMAT TabSeparated")
                        .trim())
                .isEqualTo("1");
    }

    private static java.util.List<String> recordsColumns(String database) {
        return java.util.List.of(ClickHouseServer.shared()
                .execute("SELECT name FROM system.columns WHERE database = '" + database
                        + "' AND table = 'records' FORMAT TabSeparated")
                .trim()
                .split("\n"));
    }

    @Test
    void openExistingRefusesAMissingDatabaseAndCreatesNothing() {
        String url = ClickHouseServer.shared().newDatabaseUrl();
        String database = url.substring(url.lastIndexOf('/') + 1);
        ClickHouseServer.shared().execute("DROP DATABASE " + database);

        assertThatThrownBy(() -> ReportStores.openExisting(StoreUrl.parse(url)))
                .isInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining("no database " + database);
        assertThat(ClickHouseServer.shared()
                        .execute("SELECT count() FROM system.databases WHERE name = '" + database
                                + "' FORMAT TabSeparated")
                        .trim())
                .isEqualTo("0");

        ReportStores.open(url).close();
        try (ReportStore existing = ReportStores.openExisting(StoreUrl.parse(url))) {
            assertThat(existing.storedDomains()).isEmpty();
        }
    }

    @Test
    void unreachableServerIsRetriable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "clickhouse://127.0.0.1:" + port + "/nothing";
        assertThatThrownBy(() -> ReportStores.open(url))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void alertStateIsSharedBetweenStoreInstancesAndSurvivesReopening() {
        String url = ClickHouseServer.shared().newDatabaseUrl();
        AlertState.AlertClaim first = new AlertState.AlertClaim(
                "k", "a", "new_source", "example.com", "192.0.2.9", "s", "{}", java.time.Instant.ofEpochMilli(1000));
        try (ReportStore one = ReportStores.open(url);
                ReportStore two = ReportStores.open(url)) {
            assertThat(one.claim(first)).isTrue();
            assertThat(two.claim(new AlertState.AlertClaim(
                            "k",
                            "0",
                            "new_source",
                            "example.com",
                            "192.0.2.9",
                            "s",
                            "{}",
                            java.time.Instant.ofEpochMilli(999))))
                    .as("the second instance sees the first's claim")
                    .isFalse();
        }
        try (ReportStore again = ReportStores.open(url)) {
            assertThat(again.claim(first)).isFalse();
            assertThat(again.alerts(null, 10))
                    .extracting(AlertState.StoredAlert::key)
                    .containsExactly("k");
        }
    }
}
