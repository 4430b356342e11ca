package io.ruaflow.api;

import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import java.nio.file.Path;

class DuckDbApiEndToEndTest extends ApiEndToEndTest {
    @Override
    ReportStore openStore(Path dir) {
        return ReportStores.open("duckdb:" + dir.resolve("api.duckdb"));
    }
}
