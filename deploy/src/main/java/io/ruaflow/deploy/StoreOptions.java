package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.StoreUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --store} options every command that reads or writes records shares, over the configuration options:
 * {@code --store} wins over {@code RUAFLOW_STORE_URL}, the config file's {@code store.url} and its one default.
 */
final class StoreOptions extends ConfigOptions {
    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "Where records live: duckdb:PATH or clickhouse://HOST:PORT/DATABASE (store.url, env"
                    + " RUAFLOW_STORE_URL). Default duckdb: = $XDG_DATA_HOME/ruaflow/ruaflow.duckdb, else"
                    + " ~/.local/share/ruaflow/ruaflow.duckdb, the same for every command.")
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

    /** The configuration with {@code --store} as {@code store.url}, and the command's own {@code flags}. */
    @Override
    PipelineConfig load(Map<String, String> flags) {
        Map<String, String> withStore = new LinkedHashMap<>(flags);
        withStore.put(PipelineConfig.STORE_URL.name(), url);
        return super.load(withStore);
    }

    StoreUrl storeUrl(PipelineConfig config) {
        StoreUrl parsed = Wiring.storeUrl(config);
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

    /** Opens the configured store, creating it when missing: for commands that write. */
    ReportStore open(PipelineConfig config) {
        return ReportStores.open(storeUrl(config));
    }

    ReportStore open() {
        return open(load(Map.of()));
    }

    /** Opens a store that must exist: for commands that only read (a typo is an error, not an empty store). */
    ReportStore openExisting(PipelineConfig config) {
        return ReportStores.openExisting(storeUrl(config));
    }

    /** {@link #openExisting(PipelineConfig)} for commands with no other configuration. */
    ReportStore openExisting() {
        return openExisting(load(Map.of()));
    }
}
