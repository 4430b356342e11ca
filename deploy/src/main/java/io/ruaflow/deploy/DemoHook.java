package io.ruaflow.deploy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ruaflow.api.ApiServer;
import io.ruaflow.api.ApiSettings;
import io.ruaflow.api.UploadHandler;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.store.ReportStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ruaflow run --demo}: copies the demo reports to a temporary folder, imports them once into a fresh
 * DuckDB store through the in-process pipeline (no DNS: the sample addresses are documentation ranges), then
 * serves the HTTP API on that store, loopback only, until stopped.
 */
final class DemoHook {
    private static final Logger LOG = LoggerFactory.getLogger(DemoHook.class);

    private DemoHook() {}

    static int run(Path demoReports, int port) throws IOException, InterruptedException {
        if (!Files.isDirectory(demoReports)) {
            throw new IllegalArgumentException(
                    "demo reports not found at " + demoReports + ": run from the repository root or give --demo-dir");
        }
        Path work = Files.createTempDirectory("ruaflow-demo");
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        try (Stream<Path> files = Files.list(demoReports)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.copy(file, inbox.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String storeUrl = "duckdb:" + work.resolve("demo.duckdb");
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(PipelineConfig.INGEST_DIR.name(), inbox.toString());
        flags.put(PipelineConfig.STORE_URL.name(), storeUrl);
        flags.put(PipelineConfig.PROCESS_DNS.name(), "false");
        PipelineConfig config = PipelineConfig.load(flags, Map.of(), null);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Pipeline pipeline = Pipeline.start(
                config,
                Map.of(),
                Pipeline.all(),
                true,
                Parts.real(config),
                Wiring.transport(config, true, "run --demo"),
                meters,
                source -> {})) {
            pipeline.awaitSource(10, TimeUnit.MINUTES);
        }
        LOG.info("demo imported into {}: {}", storeUrl, Quiet.summary(meters));
        CountDownLatch stop = new CountDownLatch(1);
        try (ReportStore store = Wiring.store(storeUrl);
                ApiServer server = ApiServer.start(
                        ApiSettings.loopback(port), store, UploadHandler.refusing("the demo is read-only"), meters)) {
            LOG.info("demo ready: http://127.0.0.1:{}/ (Ctrl-C to stop)", server.port());
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "ruaflow-demo-stop"));
            stop.await();
        }
        return 0;
    }
}
