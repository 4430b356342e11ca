package io.ruaflow.store;

/**
 * A command that only reads asked for a store that does not exist (no DuckDB file, no ClickHouse database): an
 * error rather than a fresh empty store answering zeros.
 */
public class StoreNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreNotFoundException(String message) {
        super(message);
    }
}
