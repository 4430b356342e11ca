package io.ruaflow.deploy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ruaflow.api.ApiServer;
import io.ruaflow.api.ApiSettings;
import io.ruaflow.api.StoreUploadHandler;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.ingest.StoreImport;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ruaflow api}: serves the HTTP API over a store until stopped. */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the HTTP API (JSON/CSV queries, weekly reports, uploads, dashboard, /metrics) over a store.",
            "Listening on anything but loopback requires a bearer token: --token-file FILE or the environment"
                    + " variable " + ApiSettings.TOKEN_ENV + " (at least " + ApiSettings.MIN_TOKEN_LENGTH
                    + " characters). On loopback the token is optional and enforced when given.",
            "/healthz and /readyz are always open. Stop with Ctrl-C or SIGTERM."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by a signal (SIGTERM or Ctrl-C: it stops serving and closes the store first)",
            "1:could not start (no token for a public address, port in use, store unavailable)",
            "2:invalid command line"
        })
final class ApiCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 for every interface (needs a token)."
                    + " api.bind, env RUAFLOW_API_BIND; default " + ApiSettings.DEFAULT_BIND + ".")
    String bind;

    @Option(
            names = "--port",
            description = "TCP port; 0 picks a free one. api.port, env RUAFLOW_API_PORT; default "
                    + ApiSettings.DEFAULT_PORT + ".")
    Integer port;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File whose first line is the bearer token; overrides " + ApiSettings.TOKEN_ENV + ".")
    Path tokenFile;

    @Option(
            names = "--max-upload-bytes",
            paramLabel = "BYTES",
            description = "Largest report upload accepted by POST /api/reports (api.max.upload.bytes); default "
                    + ApiSettings.DEFAULT_MAX_UPLOAD_BYTES + ".")
    Long maxUploadBytes;

    @Option(
            names = "--cache-seconds",
            paramLabel = "SECONDS",
            description = "How long an answer is reused for the same question (0 turns the cache off); uploads"
                    + " clear it (api.cache.seconds). Default 15.")
    Long cacheSeconds;

    @Option(
            names = "--no-dns",
            description = "Enrich uploads without live DNS checks (fresh SPF, DKIM keys and PTR stay empty).")
    boolean noDns;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(PipelineConfig.API_BIND.name(), bind);
        flags.put(PipelineConfig.API_PORT.name(), port == null ? null : port.toString());
        flags.put(
                PipelineConfig.API_MAX_UPLOAD_BYTES.name(), maxUploadBytes == null ? null : maxUploadBytes.toString());
        flags.put(PipelineConfig.API_CACHE_SECONDS.name(), cacheSeconds == null ? null : cacheSeconds.toString());
        if (noDns) {
            flags.put(PipelineConfig.DNS_ENABLED.name(), "false");
        }
        PipelineConfig config = store.load(flags);
        String bind = config.get(PipelineConfig.API_BIND);
        ApiSettings settings;
        try {
            settings = Wiring.apiSettings(config, tokenFile);
            if (settings.token() == null && !settings.loopbackOnly()) {
                err.println("ruaflow api: refusing to listen on " + bind + " without a bearer token: set "
                        + ApiSettings.TOKEN_ENV + " or give --token-file");
                return 1;
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("ruaflow api: " + e.getMessage());
            return 1;
        }
        ReportStore reportStore;
        try {
            reportStore = store.open(config);
        } catch (IllegalArgumentException
                | UncheckedIOException
                | StoreLockedException
                | StoreUnavailableException
                | IllegalStateException e) {
            err.println(
                    "ruaflow api: cannot open store " + config.get(PipelineConfig.STORE_URL) + ": " + e.getMessage());
            return 1;
        }
        Enricher enricher = Wiring.enricher(config);
        LivePosture posture = config.get(PipelineConfig.DNS_ENABLED)
                ? LivePosture.withDns(Wiring.dnsSettings(config), reportStore)
                : null;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ApiServer server;
        try {
            server =
                    ApiServer.start(
                            settings,
                            reportStore,
                            StoreUploadHandler.of(new StoreImport(
                                    Wiring.reportParser(config),
                                    enricher,
                                    config.get(PipelineConfig.ENRICH_CHUNK),
                                    reportStore)::ingest),
                            registry,
                            posture);
        } catch (RuntimeException e) {
            if (posture != null) {
                posture.close();
            }
            reportStore.close();
            err.println("ruaflow api: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable stop = () -> {
            if (closed.compareAndSet(false, true)) {
                server.close();
                if (posture != null) {
                    posture.close();
                }
                reportStore.close();
            }
            stopped.countDown();
        };
        // SIGTERM/SIGINT: stop serving, close the store and exit 0, like the pipeline roles; the hook covers any
        // other exit of the JVM.
        Termination.onSignal("api", stop);
        Thread hook = new Thread(stop, "ruaflow-api-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String host = bind.equals("0.0.0.0") ? "localhost" : bind;
        PrintWriter out = spec.commandLine().getOut();
        out.println("ruaflow api serving " + reportStore.describe() + " at http://" + host + ":" + server.port() + "/");
        out.println("  try: curl http://" + host + ":" + server.port() + "/api/domains");
        out.flush();
        stopped.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook runs anyway and finds everything closed
        }
        return 0;
    }
}
