package io.ruaflow.store;

import io.ruaflow.store.testing.ClickHouseServer;

class ClickHouseTlsStoreTest extends TlsStoreContract {
    private String database;

    @Override
    ReportStore newStore() {
        String url = ClickHouseServer.shared().newDatabaseUrl();
        database = url.substring(url.lastIndexOf('/') + 1);
        return ReportStores.open(url);
    }

    @Override
    void awaitDeletes() {
        ClickHouseServer.shared().awaitMutations(database);
    }
}
