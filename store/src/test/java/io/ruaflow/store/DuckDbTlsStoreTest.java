package io.ruaflow.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbTlsStoreTest extends TlsStoreContract {
    @TempDir
    Path dir;

    @Override
    ReportStore newStore() {
        return ReportStores.open("duckdb:" + dir.resolve("tls.duckdb"));
    }
}
