package io.ruaflow.store;

/**
 * The embedded DuckDB file is held by another process: only one process can open it at a time. The message names
 * the file and the holder (DuckDB reports its program and PID) and says what to do instead.
 */
public class StoreLockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String store;
    private final long holderPid;

    /**
     * @param store the store, as {@link ReportStore#describe()} says it
     * @param holder the holding program and PID as DuckDB names them, or null when it did not say
     * @param holderPid the holder's process id, or -1 when unknown
     */
    public StoreLockedException(String store, String holder, long holderPid, Throwable cause) {
        super(
                store + " is in use by another process" + (holder == null ? "" : " (" + holder + ")")
                        + ": only one process can open a DuckDB file. Ask the process that holds it (ruaflow run"
                        + " and ruaflow api answer the same questions over HTTP), stop it first, or use a ClickHouse"
                        + " store for several processes",
                cause);
        this.store = store;
        this.holderPid = holderPid;
    }

    public String store() {
        return store;
    }

    /** The holding process's id, or -1 when DuckDB did not name it. */
    public long holderPid() {
        return holderPid;
    }
}
