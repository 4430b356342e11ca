package io.ruaflow.store;

import io.ruaflow.store.testing.ClickHouseServer;

class ClickHouseTlsStoreTest extends TlsStoreContract {
    @Override
    ReportStore newStore() {
        return ReportStores.open(ClickHouseServer.shared().newDatabaseUrl());
    }
}
