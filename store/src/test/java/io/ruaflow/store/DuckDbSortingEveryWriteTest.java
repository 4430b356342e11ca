package io.ruaflow.store;

import io.ruaflow.store.internal.DuckDbStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract with every write's record days sorted into {@code record_days} right after it: every answer,
 * replacement, rejection and delete holds whether the days are still recent or already sorted in.
 */
class DuckDbSortingEveryWriteTest extends ReportStoreContract {
    @TempDir
    Path dir;

    @Override
    ReportStore newStore() {
        DuckDbStore store = DuckDbStore.open(dir.resolve("test.duckdb"));
        store.sortRecentAfter(1);
        return store;
    }
}
