package io.ruaflow.deploy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.RecordEnricher;
import io.ruaflow.samples.BenchReport;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.samples.ZoneDnsServer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ruaflow bench pipeline}: N generated reports through ingest → transport → process → sink → store, all
 * roles in this JVM, over Kafka and into ClickHouse when given, else the in-process queue and a temporary DuckDB.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {
            "Write N generated gzipped reports to a folder, import them through every stage and wait until the"
                    + " store holds them all.",
            "Prints reports/s, records/s, and the end-to-end latency per report (folder read → stored) p50/p99.",
            "A warm-up pass runs first with the same enricher, so the measured pass sees a warm DNS cache."
        })
final class BenchPipelineCommand implements Callable<Integer> {
    @Option(names = "--reports", defaultValue = "1000", description = "Reports per pass (default: ${DEFAULT-VALUE}).")
    int reports;

    @Option(names = "--records", defaultValue = "100", description = "Records per report (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Kafka bootstrap; default: in-process queue.")
    String kafka;

    @Option(names = "--store", paramLabel = "URL", description = "Store URL; default: a temporary DuckDB file.")
    String store;

    @Option(
            names = "--dns-server",
            paramLabel = "HOST:PORT",
            description = "Re-check against this DNS server; default: no DNS (offline enrichment).")
    String dnsServer;

    @Option(
            names = "--dns-loopback",
            description = "Re-check against a DNS server started in this JVM on loopback, answering from a zone"
                    + " made for the generated reports: live DNS without the internet (the warm-up fills the cache).")
    boolean dnsLoopback;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed passes first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any pipeline configuration key; repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("ruaflow-bench");
        String storeUrl = store != null ? store : "duckdb:" + work.resolve("bench.duckdb");
        ZoneDnsServer loopback = dnsLoopback ? ZoneDnsServer.start(0).addZoneText(BenchReport.zone(records)) : null;
        if (loopback != null) {
            dnsServer = loopback.hostAndPort();
        }
        Map<String, String> dnsFlags = new LinkedHashMap<>(set);
        dnsFlags.put(PipelineConfig.DNS_ENABLED.name(), Boolean.toString(dnsServer != null));
        dnsFlags.put(PipelineConfig.DNS_SERVER.name(), dnsServer);
        Enricher enricher = Wiring.enricher(PipelineConfig.load(dnsFlags, System.getenv(), null));
        try (loopback;
                enricher) {
            RecordEnricher shared = enricher::enrich; // not closed by the pipeline: reused, cache warm
            out.printf(
                    Locale.ROOT,
                    "pipeline bench: %d reports × %d records, transport %s, store %s, DNS %s%n",
                    reports,
                    records,
                    kafka == null ? "in-process" : "kafka " + kafka,
                    storeUrl,
                    dnsServer == null ? "off" : dnsServer + (dnsLoopback ? " (loopback, bench zone)" : ""));
            out.flush();
            for (int pass = 0; pass <= warmup; pass++) {
                boolean timed = pass == warmup;
                Result result = pass(work.resolve("pass" + pass), pass, storeUrl, shared);
                out.printf(
                        Locale.ROOT,
                        "%s: %d reports, %d records in %.2f s: %,.0f reports/s, %,.0f records/s;"
                                + " latency p50 %.0f ms, p99 %.0f ms%n",
                        timed ? "measured" : "warm-up " + (pass + 1),
                        result.reports,
                        result.records,
                        result.seconds,
                        result.reports / result.seconds,
                        result.records / result.seconds,
                        result.p50Millis,
                        result.p99Millis);
                result.cpu.forEach((stage, cpuSeconds) -> out.printf(
                        Locale.ROOT,
                        "  %s threads: %.2f CPU s, %,.0f records per CPU second%n",
                        stage,
                        cpuSeconds,
                        result.records / cpuSeconds));
                double stagesCpu = result.cpu.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum();
                out.printf(
                        Locale.ROOT,
                        "  all stages: %.2f CPU s, %.2f CPU s per 100,000 records%n",
                        stagesCpu,
                        stagesCpu * 100_000 / Math.max(1, result.records));
                out.printf(
                        Locale.ROOT,
                        "  this process: %.2f CPU s, %.2f CPU s per 100,000 records (the stages, the JIT compiler, the"
                                + " collector, DuckDB's own threads%s)%n",
                        result.processCpuSeconds,
                        result.processCpuSeconds * 100_000 / Math.max(1, result.records),
                        dnsLoopback ? ", the loopback DNS server" : "");
                out.printf(
                        Locale.ROOT,
                        "  machine load average %.1f on %d cores during the run%n",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors());
                out.flush();
            }
        }
        return 0;
    }

    private record Result(
            long reports,
            long records,
            double seconds,
            double p50Millis,
            double p99Millis,
            Map<String, Double> cpu,
            double processCpuSeconds) {}

    /** CPU seconds used so far by this JVM's stage threads, by stage. */
    private static Map<String, Double> stageCpuSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> cpu = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            // a stage's worker threads (ruaflow-process-1, -2, ...) count as the stage
            String stage = name.startsWith("ruaflow-")
                    ? name.substring("ruaflow-".length()).replaceFirst("-\\d+$", "")
                    : null;
            if (stage != null) {
                long nanos = threads.getThreadCpuTime(thread.getId());
                if (nanos > 0) {
                    cpu.merge(stage, nanos / 1e9, Double::sum);
                }
            }
        }
        return cpu;
    }

    /** Stage CPU seconds used since {@code before}; stages that used none are left out. */
    private static Map<String, Double> since(Map<String, Double> before) {
        Map<String, Double> cpu = new TreeMap<>();
        stageCpuSeconds().forEach((stage, seconds) -> {
            double used = seconds - before.getOrDefault(stage, 0.0);
            if (used > 0.005) {
                cpu.put(stage, used);
            }
        });
        return cpu;
    }

    private Result pass(Path dir, int pass, String storeUrl, RecordEnricher enricher) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        for (int i = 0; i < reports; i++) {
            long seed = (long) pass * 1_000_000 + i + 1;
            Files.write(inbox.resolve("r" + seed + ".xml.gz"), ReportBuilder.gzip(BenchReport.xml(records, seed)));
        }
        Map<String, String> flags = new LinkedHashMap<>(set);
        flags.put(PipelineConfig.INGEST_DIR.name(), inbox.toString());
        flags.put(PipelineConfig.STORE_URL.name(), storeUrl);
        String prefix = "bench-" + ProcessHandle.current().pid() + "-" + pass;
        flags.putIfAbsent(PipelineConfig.TOPIC_RAW.name(), prefix + ".raw");
        flags.putIfAbsent(PipelineConfig.TOPIC_RECORDS.name(), prefix + ".records");
        flags.putIfAbsent(PipelineConfig.TOPIC_DLQ.name(), prefix + ".dlq");
        if (kafka != null) {
            flags.put(PipelineConfig.KAFKA_BOOTSTRAP.name(), kafka);
        }
        PipelineConfig config = PipelineConfig.load(flags, System.getenv(), null);
        // The process's window holds the stages' one, so its CPU is never the smaller.
        long processCpuStart = BenchStoreCommand.processCpuNanos();
        Map<String, Double> cpuBefore = stageCpuSeconds(); // threads shared across passes (DNS, SPF) keep counting
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Pipeline.Parts parts =
                new Pipeline.Parts(() -> Wiring.parser(config), () -> enricher, () -> Wiring.store(config));
        long start = System.nanoTime();
        try (Pipeline pipeline = Pipeline.start(
                config,
                System.getenv(),
                Pipeline.all(),
                true,
                parts,
                Wiring.transport(config, true, "bench"),
                meters,
                source -> {})) {
            Counter stored = meters.counter("ruaflow.sink.reports");
            Counter dead = meters.counter("ruaflow.dlq.messages", "stage", "process");
            while (stored.count() + dead.count() < reports) {
                if (pipeline.failure() != null) {
                    throw new IllegalStateException("pipeline failed", pipeline.failure());
                }
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Timer latency = meters.timer("ruaflow.pipeline.latency");
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile value : latency.takeSnapshot().percentileValues()) {
                if (value.percentile() == 0.5) {
                    p50 = value.value(TimeUnit.MILLISECONDS);
                } else if (value.percentile() == 0.99) {
                    p99 = value.value(TimeUnit.MILLISECONDS);
                }
            }
            Map<String, Double> stagesCpu = since(cpuBefore);
            double processCpuSeconds = (BenchStoreCommand.processCpuNanos() - processCpuStart) / 1e9;
            return new Result(
                    (long) stored.count(),
                    (long) meters.counter("ruaflow.sink.records").count(),
                    seconds,
                    p50,
                    p99,
                    stagesCpu,
                    processCpuSeconds);
        }
    }
}
