package io.ruaflow.store;

import java.util.regex.Pattern;

/**
 * What a store is opened with besides its URL: the ClickHouse cluster its tables span (null: a single server; ignored
 * by DuckDB) and how long its data is kept.
 */
public record StoreSettings(String clickHouseCluster, Retention retention) {
    private static final Pattern CLUSTER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /** A single ClickHouse server (or DuckDB), everything kept. */
    public static final StoreSettings DEFAULT = new StoreSettings(null, Retention.none());

    /**
     * @throws IllegalArgumentException naming the value when the cluster name is not letters, digits and _
     */
    public StoreSettings {
        if (clickHouseCluster != null && clickHouseCluster.isBlank()) {
            clickHouseCluster = null;
        }
        if (clickHouseCluster != null && !CLUSTER.matcher(clickHouseCluster).matches()) {
            throw new IllegalArgumentException("ClickHouse cluster name must be letters, digits and _ (at most 64),"
                    + " starting with a letter or _, as in the server's remote_servers: " + clickHouseCluster);
        }
        if (retention == null) {
            retention = Retention.none();
        }
    }

    public StoreSettings withCluster(String cluster) {
        return new StoreSettings(cluster, retention);
    }

    public StoreSettings withRetention(Retention retention) {
        return new StoreSettings(clickHouseCluster, retention);
    }
}
