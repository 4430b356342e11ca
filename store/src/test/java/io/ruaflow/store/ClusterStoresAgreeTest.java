package io.ruaflow.store;

import io.ruaflow.store.testing.ClickHouseCluster;
import io.ruaflow.store.testing.ClickHouseServer;

/**
 * Every query gives the same answer from a two-shard ClickHouse cluster, written through one node and read through
 * the other, as from a single ClickHouse server holding the same data.
 */
class ClusterStoresAgreeTest extends StoresAgreeTest {
    private String database;

    @Override
    ReportStore openReference() {
        return ReportStores.open(ClickHouseServer.shared().newDatabaseUrl());
    }

    @Override
    ReportStore openWritten() {
        return ClickHouseClusterStoreTest.openFresh(name -> database = name);
    }

    @Override
    ReportStore openRead(ReportStore written) {
        return ReportStores.open(
                StoreUrl.parse(ClickHouseCluster.shared().url(1, database)), ClickHouseClusterStoreTest.ON_CLUSTER);
    }
}
