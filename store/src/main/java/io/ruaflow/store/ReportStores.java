package io.ruaflow.store;

import io.ruaflow.store.internal.ClickHouseStore;
import io.ruaflow.store.internal.DuckDbStore;

/** Opens the store a URL names; see {@link StoreUrl} for the forms. */
public final class ReportStores {
    private ReportStores() {}

    /**
     * Opens the store, creating its schema or applying pending migrations.
     *
     * @throws IllegalArgumentException when the URL is malformed (the message names it)
     * @throws StoreUnavailableException when a ClickHouse server cannot be reached
     */
    public static ReportStore open(String url) {
        return open(StoreUrl.parse(url));
    }

    public static ReportStore open(StoreUrl url) {
        return switch (url.kind()) {
            case DUCKDB -> DuckDbStore.open(url.path());
            case CLICKHOUSE -> ClickHouseStore.open(url);
        };
    }
}
