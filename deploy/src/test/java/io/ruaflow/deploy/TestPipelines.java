package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.ingest.Transport;
import io.ruaflow.ingest.testing.OfflineEnrichment;
import io.ruaflow.ingest.testing.StandInParser;
import io.ruaflow.store.ReportStore;
import java.time.Duration;
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
        flags.put("process.dns.enabled", "false");
        flags.put("sink.batch.max.records", "500");
        flags.put("sink.batch.max.ms", "100");
        flags.put("sink.retry.backoff.ms", "100");
        flags.put("sink.retry.backoff.max.ms", "500");
        flags.put("ingest.poll.ms", "300");
        flags.put("imap.starttls", "false");
        return flags;
    }

    static Pipeline.Parts parts(ReportStore store) {
        return new Pipeline.Parts(StandInParser::new, OfflineEnrichment::new, () -> store);
    }

    static Pipeline start(
            Map<String, String> flags,
            Map<String, String> env,
            Set<Pipeline.Role> roles,
            boolean once,
            ReportStore store,
            Consumer<String> beforeMarkDone,
            SimpleMeterRegistry meters) {
        PipelineConfig config = PipelineConfig.load(flags, env, null);
        Transport transport = Wiring.transport(config, true, "test");
        return Pipeline.start(config, env, roles, once, parts(store), transport, meters, beforeMarkDone);
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition within " + timeout).isTrue();
    }
}
