package io.ruaflow.api;

import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import java.nio.file.Path;

class DuckDbDashboardInBrowserTest extends DashboardInBrowserTest {
    @Override
    ReportStore openStore(Path dir) {
        return ReportStores.open("duckdb:" + dir.resolve("dashboard.duckdb"));
    }

    @Override
    String storeName() {
        return "duckdb";
    }
}
