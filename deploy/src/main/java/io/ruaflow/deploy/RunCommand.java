package io.ruaflow.deploy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ruaflow.api.ApiServer;
import io.ruaflow.api.ApiSettings;
import io.ruaflow.api.StoreUploadHandler;
import io.ruaflow.api.weekly.WeeklyMailer;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.ingest.StoreImport;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Every stage in one JVM: over the in-process queue into the DuckDB store by default;",
            "--kafka and --store switch either part. Without a source it processes and stores what arrives on Kafka.",
            "While it runs it serves the HTTP API and dashboard over the same store (http://127.0.0.1:8080/ by"
                    + " default; --api-port, --api-bind, --no-api), so one process both polls and answers: a DuckDB"
                    + " file can be opened by one process only."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped cleanly",
            "1:a stage failed, or the store or the API port could not be opened (see stderr and the log)",
            "2:invalid command line or config"
        })
final class RunCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SourceOptions source = new SourceOptions();

    @Option(names = "--once", description = "With --dir: import the folder, wait until it is stored, then exit.")
    boolean once;

    @Option(
            names = "--store",
            paramLabel = "URL",
            description =
                    "Store URL (store.url, env RUAFLOW_STORE_URL); default duckdb: (the XDG data-folder file, as for every command).")
    String store;

    @Option(names = "--no-dns", description = "Do not re-check against live DNS (dns.enabled=false).")
    boolean noDns;

    @Option(
            names = "--demo",
            description = "Import the bundled demo reports into a fresh embedded store and serve the HTTP API.")
    boolean demo;

    @Option(
            names = "--demo-dir",
            paramLabel = "PATH",
            description = "With --demo: the demo reports; default samples/demo/reports in the working directory"
                    + " or in the clone holding ruaflow.jar. The DNS zone beside them (../zone.txt) answers the"
                    + " re-checks; the failure and SMTP TLS reports beside them (../failure, ../smtp_tls) are"
                    + " imported too.")
    Path demoDir;

    @Option(
            names = "--api-port",
            paramLabel = "PORT",
            description = "Port of the HTTP API and dashboard served while running; 0 picks a free one"
                    + " (api.port, env RUAFLOW_API_PORT; default " + ApiSettings.DEFAULT_PORT + ").")
    Integer apiPort;

    @Option(
            names = "--api-bind",
            paramLabel = "ADDRESS",
            description = "Address the API listens on; anything but loopback needs a bearer token in "
                    + ApiSettings.TOKEN_ENV + " or --api-token-file (api.bind, env RUAFLOW_API_BIND; default "
                    + ApiSettings.DEFAULT_BIND + ").")
    String apiBind;

    @Option(
            names = "--api-token-file",
            paramLabel = "FILE",
            description = "File whose first line is the API's bearer token; overrides " + ApiSettings.TOKEN_ENV + ".")
    Path apiTokenFile;

    @Option(names = "--no-api", description = "Do not serve the HTTP API (it is never served with --once).")
    boolean noApi;

    @Mixin
    RoleOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        source.putInto(flags);
        flags.put(PipelineConfig.STORE_URL.name(), store);
        flags.put(PipelineConfig.API_PORT.name(), apiPort == null ? null : apiPort.toString());
        flags.put(PipelineConfig.API_BIND.name(), apiBind);
        if (noDns) {
            flags.put(PipelineConfig.DNS_ENABLED.name(), "false");
        }
        PipelineConfig config = options.load(flags);
        if (demo) {
            try {
                return DemoHook.run(
                        demoDir == null ? DemoHook.locateReports() : demoDir,
                        config.get(PipelineConfig.API_PORT),
                        spec.commandLine().getOut());
            } catch (IllegalArgumentException e) {
                throw options.usageError(e);
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("ruaflow run --demo: " + e.getMessage());
                return 1;
            }
        }
        EnumSetHolder roles = new EnumSetHolder();
        if (!source.given()
                && config.get(PipelineConfig.INGEST_DIR) == null
                && config.get(PipelineConfig.IMAP_URL) == null) {
            roles.set.remove(Pipeline.Role.INGEST);
        }
        if (once || noApi) {
            return RoleRunner.run(options, config, roles.set, true, once, "run");
        }
        return runServing(config, roles.set);
    }

    /**
     * Opens the store once and serves it over HTTP before any stage starts (a taken port fails before anything is
     * ingested), then runs the stages writing into that same store.
     */
    private int runServing(PipelineConfig config, EnumSet<Pipeline.Role> roles) throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ApiSettings settings;
        try {
            settings = Wiring.apiSettings(config, apiTokenFile);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw options.usageError(new IllegalArgumentException(e.getMessage(), e));
        }
        if (settings.token() == null && !settings.loopbackOnly()) {
            err.println("ruaflow run: refusing to serve the API on " + settings.bindAddress()
                    + " without a bearer token: set " + ApiSettings.TOKEN_ENV
                    + " or give --api-token-file (or --no-api)");
            return 1;
        }
        ReportStore store;
        try {
            ApiPort.ensureFree(settings.bindAddress(), settings.port()); // before the store is created or opened
            store = Wiring.store(config);
        } catch (StoreLockedException | StoreUnavailableException | IllegalStateException | UncheckedIOException e) {
            err.println("ruaflow run: " + e.getMessage());
            return 1;
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Enricher uploads = Wiring.enricher(config);
        LivePosture posture = null;
        WeeklyMailer mailer;
        try {
            if (config.get(PipelineConfig.DNS_ENABLED)) {
                posture = LivePosture.withDns(Wiring.dnsSettings(config), store);
            }
            mailer = WeeklyMailWiring.mailer(config, store, posture);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            if (posture != null) {
                posture.close();
            }
            uploads.close();
            store.close();
            throw options.usageError(new IllegalArgumentException(e.getMessage(), e));
        }
        ApiServer server;
        try {
            server =
                    ApiServer.start(
                            settings,
                            store,
                            StoreUploadHandler.of(new StoreImport(
                                    Wiring.reportParser(config),
                                    uploads,
                                    config.get(PipelineConfig.ENRICH_CHUNK),
                                    store)::ingest),
                            meters,
                            posture);
        } catch (RuntimeException e) {
            if (posture != null) {
                posture.close();
            }
            uploads.close();
            store.close();
            err.println("ruaflow run: " + e.getMessage() + " (choose another --api-port, or --no-api)");
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        String host = settings.loopbackOnly() ? "127.0.0.1" : "localhost";
        out.println("ruaflow run: serving " + store.describe() + " at http://" + host + ":" + server.port() + "/");
        out.flush();
        if (mailer != null) {
            out.println("ruaflow run: weekly report mail due at " + mailer.start());
            out.flush();
        }
        LivePosture openedPosture = posture;
        AutoCloseable front = () -> {
            if (mailer != null) {
                mailer.close();
            }
            server.close();
            if (openedPosture != null) {
                openedPosture.close();
            }
            uploads.close();
        };
        Pipeline.Parts real = Parts.real(config);
        Pipeline.Parts parts = new Pipeline.Parts(real.parser(), real.enricher(), () -> store);
        return RoleRunner.run(options, config, roles, true, false, "run", parts, meters, front);
    }

    private static final class EnumSetHolder {
        final EnumSet<Pipeline.Role> set = EnumSet.allOf(Pipeline.Role.class);
    }
}
