package io.ruaflow.deploy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ruaflow.api.ApiServer;
import io.ruaflow.api.ApiSettings;
import io.ruaflow.api.StoreUploadHandler;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.EnrichingHandler;
import io.ruaflow.ingest.StoreImport;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.samples.FailureSamples;
import io.ruaflow.samples.TlsSamples;
import io.ruaflow.samples.ZoneDnsServer;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainOverview;
import io.ruaflow.store.ReportInfo;
import io.ruaflow.store.ReportStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ruaflow run --demo}: copies the demo reports (the aggregate reports, and the failure and SMTP TLS reports
 * in the folders beside them) to a temporary folder, serves the sample world's DNS zone
 * ({@code zone.txt} beside the reports) from a loopback DNS server, imports the reports once into a fresh DuckDB
 * store through the in-process pipeline with every record re-checked against that zone, then serves the HTTP API
 * on that store, loopback only, until stopped. The sample addresses are documentation ranges, so the loopback zone
 * is what makes the fresh SPF, DKIM and reverse-DNS checks answerable offline.
 */
final class DemoHook {
    private static final Logger LOG = LoggerFactory.getLogger(DemoHook.class);
    private static final Path DEMO_REPORTS = Path.of("samples", "demo", "reports");
    private static final String ZONE_FILE = "zone.txt";
    /** The folders beside the aggregate reports that ruaflow samples writes failure and SMTP TLS reports into. */
    private static final List<String> BESIDE_REPORTS = List.of(FailureSamples.FAILURE_DIR, TlsSamples.TLS_DIR);

    private static final int IMPORT_TIMEOUT_MINUTES = 10;
    private static final int URL_RANGE_DAYS = 30;

    private DemoHook() {}

    /** The demo reports in the working directory, else in the clone that holds the running ruaflow.jar. */
    static Path locateReports() {
        if (Files.isDirectory(DEMO_REPORTS)) {
            return DEMO_REPORTS;
        }
        try {
            Path jar = Path.of(DemoHook.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            // deploy/target/ruaflow.jar → the clone's root is three levels up
            Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            if (root != null && root.getParent() != null) {
                Path candidate = root.getParent().resolve(DEMO_REPORTS);
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            LOG.debug("cannot locate the running jar: {}", e.toString());
        }
        return DEMO_REPORTS;
    }

    static int run(Path demoReports, int port, PrintWriter out) throws IOException, InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Termination.onSignal("the demo", stop::countDown);
        try (Demo demo = start(demoReports, port, out)) {
            Thread hook = new Thread(demo::close, "ruaflow-demo-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            stop.await();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return 0;
    }

    /**
     * Imports the demo into a fresh store with DNS answered from the demo zone and starts the API; the returned
     * demo serves until closed.
     */
    static Demo start(Path demoReports, int port, PrintWriter out) throws IOException, InterruptedException {
        ApiPort.ensureFree(ApiSettings.DEFAULT_BIND, port); // before minutes of importing, not after
        if (!Files.isDirectory(demoReports)) {
            throw new IllegalArgumentException(
                    "demo reports not found at " + demoReports + ": run from the repository root or give --demo-dir");
        }
        Path zone = demoReports.toAbsolutePath().getParent().resolve(ZONE_FILE);
        if (!Files.isRegularFile(zone)) {
            throw new IllegalArgumentException("demo DNS zone not found at " + zone
                    + ": the demo reports need the zone.txt written beside them by ruaflow samples");
        }
        Path work = Files.createTempDirectory("ruaflow-demo");
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        copyFiles(demoReports, inbox);
        Path set = demoReports.toAbsolutePath().getParent();
        for (String beside : BESIDE_REPORTS) {
            if (Files.isDirectory(set.resolve(beside))) {
                copyFiles(set.resolve(beside), inbox);
            }
        }
        String storeUrl = "duckdb:" + work.resolve("demo.duckdb");
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(() -> deleteFolder(work)); // closed last, once the store let go of its file
        try {
            ZoneDnsServer dns = ZoneDnsServer.fromMasterFile(zone, 0);
            opened.add(dns);
            LOG.info("demo DNS: {} answering from {}", dns.hostAndPort(), zone);
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            importReports(inbox, storeUrl, dns.hostAndPort(), meters);
            LOG.info("demo imported into {}: {}", storeUrl, Quiet.summary(meters));
            ReportStore store = Wiring.store(storeUrl);
            opened.add(store);
            Enricher uploadEnricher =
                    Enricher.withDns(DnsSettings.systemDefault().withServer(dns.hostAndPort()));
            opened.add(uploadEnricher);
            LivePosture posture =
                    LivePosture.withDns(DnsSettings.systemDefault().withServer(dns.hostAndPort()), store);
            opened.add(posture);
            ApiServer server = ApiServer.start(
                    ApiSettings.loopback(port),
                    store,
                    StoreUploadHandler.of(new StoreImport(
                            new ReportParser(), uploadEnricher, EnrichingHandler.DEFAULT_CHUNK_RECORDS, store)::ingest),
                    meters,
                    posture);
            opened.add(server);
            printUrls(out, server.port(), store);
            return new Demo(server.port(), opened);
        } catch (IOException | RuntimeException | InterruptedException e) {
            new Demo(-1, opened).close();
            throw e;
        }
    }

    /** Copies the regular files of {@code from} into {@code inbox}. */
    private static void copyFiles(Path from, Path inbox) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.copy(file, inbox.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void importReports(Path inbox, String storeUrl, String dnsServer, PrometheusMeterRegistry meters)
            throws InterruptedException {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(PipelineConfig.INGEST_DIR.name(), inbox.toString());
        flags.put(PipelineConfig.STORE_URL.name(), storeUrl);
        flags.put(PipelineConfig.DNS_ENABLED.name(), "true");
        flags.put(PipelineConfig.DNS_SERVER.name(), dnsServer);
        PipelineConfig config = PipelineConfig.load(flags, Map.of(), null);
        try (Pipeline pipeline = Pipeline.start(
                config,
                Map.of(),
                Pipeline.all(),
                true,
                Parts.real(config),
                Wiring.transport(config, true, "run --demo"),
                meters,
                source -> {})) {
            if (!pipeline.awaitSource(IMPORT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException(
                        "demo import did not finish within " + IMPORT_TIMEOUT_MINUTES + " minutes");
            }
        }
    }

    /** Removes the demo's temporary folder and everything in it. */
    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
        LOG.info("demo folder {} removed", folder);
    }

    /** A running demo: its API port, and what to close (in reverse order of opening); closing twice is safe. */
    record Demo(int port, List<AutoCloseable> resources) implements AutoCloseable {
        @Override
        public synchronized void close() {
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    LOG.warn("closing the demo's {} failed: {}", resources.get(i), e.toString());
                }
            }
            resources.clear();
        }
    }

    /** What a newcomer should open first, taken from the data just imported. */
    private static void printUrls(PrintWriter out, int port, ReportStore store) {
        String base = "http://localhost:" + port;
        out.println("ruaflow demo is ready (Ctrl-C to stop):");
        out.println("  dashboard         " + base + "/");
        out.println("  domains           " + base + "/api/domains");
        List<ReportInfo> newest = store.reports(null, 1);
        if (!newest.isEmpty()) {
            LocalDate lastDay = newest.get(0).begin().atZone(ZoneOffset.UTC).toLocalDate();
            List<DomainOverview> domains =
                    store.domains(new DateRange(lastDay.minusDays(URL_RANGE_DAYS - 1L), lastDay));
            if (!domains.isEmpty()) {
                String domain = domains.get(0).domain();
                String week = String.format(
                        "%d-W%02d",
                        lastDay.get(IsoFields.WEEK_BASED_YEAR), lastDay.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                String range = "from=" + lastDay.minusDays(URL_RANGE_DAYS - 1L) + "&to=" + lastDay;
                out.println(
                        "  failing sources   " + base + "/api/domains/" + domain + "/sources?failing=true&" + range);
                out.println("  as CSV            " + base + "/api/domains/" + domain + "/sources?failing=true&" + range
                        + "&format=csv");
                out.println("  weekly report     " + base + "/api/domains/" + domain + "/weekly?week=" + week
                        + "&format=html");
            }
        }
        out.println("  API description   " + base + "/openapi.json");
        out.println("  metrics           " + base + "/metrics");
        out.println("  upload a report   curl --data-binary @FILE '" + base + "/api/reports?filename=FILE'");
        out.flush();
    }
}
