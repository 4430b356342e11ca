package io.ruaflow.deploy;

import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.StoreUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --store} options every command that reads or writes records shares. */
final class StoreOptions {
    @Option(
            names = "--store",
            paramLabel = "URL",
            defaultValue = "duckdb:",
            description = "Where records live: duckdb:PATH (default: duckdb: = $XDG_DATA_HOME/ruaflow/ruaflow.duckdb,"
                    + " else ~/.local/share/ruaflow/ruaflow.duckdb) or clickhouse://HOST:PORT/DATABASE."
                    + " Default: ${DEFAULT-VALUE}")
    String url;

    @Option(
            names = "--store-user",
            paramLabel = "USER",
            description = "ClickHouse user (default: $" + StoreUrl.USER_ENV + ", else 'default').")
    String user;

    @Option(
            names = "--store-password-file",
            paramLabel = "FILE",
            description = "File holding the ClickHouse password (default: $" + StoreUrl.PASSWORD_ENV
                    + ", else empty). Never pass a password on the command line.")
    Path passwordFile;

    StoreUrl storeUrl() {
        StoreUrl parsed = StoreUrl.parse(url);
        String password = null;
        if (passwordFile != null) {
            try {
                password =
                        Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --store-password-file " + passwordFile, e);
            }
        }
        return parsed.withCredentials(user, password);
    }

    /** Opens the store, creating it when missing: for commands that write. */
    ReportStore open() {
        return ReportStores.open(storeUrl());
    }

    /** Opens a store that must exist: for commands that only read (a typo is an error, not an empty store). */
    ReportStore openExisting() {
        return ReportStores.openExisting(storeUrl());
    }
}
