package io.ruaflow.store;

import io.ruaflow.store.internal.ClickHouseStore;
import io.ruaflow.store.internal.DuckDbStore;
import java.nio.file.Files;

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

    /**
     * Opens the store, creating it (the DuckDB file, the ClickHouse database) when missing.
     *
     * @throws StoreLockedException when another process holds the DuckDB file
     * @throws StoreUnavailableException when a ClickHouse server cannot be reached
     */
    public static ReportStore open(StoreUrl url) {
        return open(url, StoreSettings.DEFAULT);
    }

    /**
     * Opens the store with its settings: on the ClickHouse cluster they name (tables made {@code ON CLUSTER}), and
     * deleting what their retention no longer keeps, now and every hour while open (for the processes that write).
     *
     * @throws IllegalArgumentException when the ClickHouse server knows no cluster of that name
     * @throws StoreLockedException when another process holds the DuckDB file
     * @throws StoreUnavailableException when a ClickHouse server cannot be reached
     */
    public static ReportStore open(StoreUrl url, StoreSettings settings) {
        return switch (url.kind()) {
            case DUCKDB -> DuckDbStore.open(url.path(), settings.retention());
            case CLICKHOUSE -> ClickHouseStore.open(url, false, settings);
        };
    }

    /**
     * Opens a store that must exist already, for commands that only read: a mistyped path or database name is
     * refused instead of answered with zeros from a fresh store. Pending migrations are still applied.
     *
     * @throws StoreNotFoundException naming the store and what to check when it does not exist
     * @throws StoreLockedException when another process holds the DuckDB file
     * @throws StoreUnavailableException when a ClickHouse server cannot be reached
     */
    public static ReportStore openExisting(StoreUrl url) {
        return openExisting(url, StoreSettings.DEFAULT);
    }

    /** {@link #openExisting(StoreUrl)} with settings, as {@link #open(StoreUrl, StoreSettings)} takes them. */
    public static ReportStore openExisting(StoreUrl url, StoreSettings settings) {
        if (url.kind() == StoreUrl.Kind.DUCKDB && url.path() != null && !Files.isRegularFile(url.path())) {
            throw new StoreNotFoundException("no store at " + url + ": "
                    + url.path().toAbsolutePath() + " does not exist (check --store, or import reports first)");
        }
        return switch (url.kind()) {
            case DUCKDB -> DuckDbStore.open(url.path(), settings.retention());
            case CLICKHOUSE -> ClickHouseStore.open(url, true, settings);
        };
    }
}
