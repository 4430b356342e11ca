package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.ingest.Transport;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.ReportStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Starts pipeline roles for tests: small batches, short timeouts, no DNS. */
final class TestPipelines {
    private TestPipelines() {}

    static Map<String, String> baseFlags(String bootstrap) {
        Map<String, String> flags = new LinkedHashMap<>();
        if (bootstrap != null) {
            flags.put("kafka.bootstrap", bootstrap);
            flags.put("topic.create.partitions", "2");
            flags.put("kafka.client.consumer.session.timeout.ms", "6000");
            flags.put("kafka.client.consumer.heartbeat.interval.ms", "500");
            flags.put("kafka.client.linger.ms", "2");
        }
        flags.put("dns.enabled", "false");
        flags.put("sink.batch.max.records", "500");
        flags.put("sink.batch.max.ms", "100");
        flags.put("sink.retry.backoff.ms", "100");
        flags.put("sink.retry.backoff.max.ms", "500");
        flags.put("ingest.poll.ms", "300");
        flags.put("ingest.settle.ms", "500");
        flags.put("imap.starttls", "false");
        flags.put("metrics.port", "0"); // roles run side by side: each takes a free health and metrics port
        return flags;
    }

    /** The real parser, the offline enricher, and a store opened from {@code store.url} for each sink. */
    static Pipeline start(
            Map<String, String> flags,
            Map<String, String> env,
            Set<Pipeline.Role> roles,
            boolean once,
            Consumer<String> beforeMarkDone,
            SimpleMeterRegistry meters) {
        PipelineConfig config = PipelineConfig.load(flags, env, null);
        Transport transport = Wiring.transport(config, true, "test");
        Pipeline.Parts parts = new Pipeline.Parts(
                () -> Wiring.parser(config),
                () -> Wiring.enricher(PipelineConfig.load(Map.of("dns.enabled", "false"), Map.of(), null)),
                () -> Wiring.store(config.get(PipelineConfig.STORE_URL)));
        return Pipeline.start(config, env, roles, once, parts, transport, meters, beforeMarkDone);
    }

    /**
     * Starts {@code role} ({@code ingest}, {@code process}, {@code sink}) as its own JVM on this test's class path,
     * with every flag as {@code --set key=value} and {@code env} added to its environment, its output appended to
     * {@code log}. Kill it with {@link Process#destroyForcibly()} ({@code kill -9}) or stop it with
     * {@link Process#destroy()} (SIGTERM).
     */
    static Process startRole(String role, Map<String, String> flags, Map<String, String> env, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                role));
        flags.forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The last 4,000 characters of a role's log, for an assertion's message. */
    static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() <= 4_000 ? text : text.substring(text.length() - 4_000);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The day every {@code ReportBuilder} report covers. */
    static final DateRange TINY_REPORT_DAYS = new DateRange(LocalDate.of(2025, 11, 17), LocalDate.of(2025, 11, 17));

    /** Reports and messages the store counts for example.com on that day. */
    static DomainSummary totals(ReportStore store) {
        return store.summary("example.com", TINY_REPORT_DAYS);
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition within " + timeout).isTrue();
    }
}
