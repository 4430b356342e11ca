package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.ingest.Transport;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.ReportStore;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
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
