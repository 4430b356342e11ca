package io.ruaflow.api;

import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.ClickHouseServer;
import java.nio.file.Path;

/** The dashboard over a real ClickHouse server (skipped loudly without the binary, failed under CI=true). */
class ClickHouseDashboardInBrowserTest extends DashboardInBrowserTest {
    @Override
    ReportStore openStore(Path dir) {
        return ReportStores.open(ClickHouseServer.shared().newDatabaseUrl());
    }

    @Override
    String storeName() {
        return "clickhouse";
    }
}
