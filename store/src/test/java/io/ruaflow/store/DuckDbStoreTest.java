package io.ruaflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
                io.ruaflow.store.testing.StoreTestData.dayHeader("Google", "1", "example.com", DAY),
                io.ruaflow.store.testing.StoreTestData.Source.passing("192.0.2.1", 3)));
        store.close();
        store = ReportStores.open("duckdb:" + dir.resolve("test.duckdb"));
        assertThat(store.summary("example.com", DAY_RANGE).messages()).isEqualTo(3);
        assertThat(store.describe()).isEqualTo("duckdb:" + dir.resolve("test.duckdb"));
    }

    @Test
    void inMemoryStoreWorks() {
        try (ReportStore memory = ReportStores.open("duckdb::memory:")) {
            assertThat(memory.describe()).isEqualTo("duckdb::memory:");
            assertThat(memory.domains(DAY_RANGE)).isEmpty();
        }
    }
}
