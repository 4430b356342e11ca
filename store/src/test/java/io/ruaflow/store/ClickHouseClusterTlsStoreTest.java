package io.ruaflow.store;

import io.ruaflow.store.testing.ClickHouseCluster;

/** The SMTP TLS contract on the two-shard test cluster: replaced copies and their deletes run ON CLUSTER. */
class ClickHouseClusterTlsStoreTest extends TlsStoreContract {
    private String database;

    @Override
    ReportStore newStore() {
        return ClickHouseClusterStoreTest.openFresh(name -> database = name);
    }

    @Override
    void awaitDeletes() {
        for (int node = 0; node < ClickHouseCluster.NODES; node++) {
            ClickHouseCluster.shared().node(node).awaitMutations(database);
        }
    }
}
