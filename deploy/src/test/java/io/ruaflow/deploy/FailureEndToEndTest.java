package io.ruaflow.deploy;

import static io.ruaflow.deploy.TestPipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.ingest.testing.Mailbox;
import io.ruaflow.parser.ReportUid;
import io.ruaflow.samples.FailureSamples;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.samples.SampleWorld;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mailbox holding an aggregate report and failure reports in all three shapes ends, in one JVM over IMAP into
 * DuckDB, with each report stored once and nothing in {@code invalid}.
 */
class FailureEndToEndTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-10");
    private static final DateRange RANGE = new DateRange(DAY, DAY);

    @TempDir
    Path dir;

    private Map<String, String> flags(String bootstrap, Mailbox mailbox, String prefix, String storeUrl) {
        Map<String, String> flags = TestPipelines.baseFlags(bootstrap);
        flags.put("imap.url", mailbox.imapUrl().toString());
        flags.put("imap.state.file", dir.resolve("imap.state").toString());
        flags.put("topic.raw", prefix + ".raw");
        flags.put("topic.records", prefix + ".records");
        flags.put("topic.dlq", prefix + ".dlq");
        flags.put("store.url", storeUrl);
        return flags;
    }

    private static List<FailureSamples.Sample> failures() {
        return FailureSamples.generate(SampleWorld.fromSeed(8, 1), 3, DAY, DAY);
    }

    private static long storedFailures(ReportStore store, List<FailureSamples.Sample> samples) {
        return samples.stream()
                .map(FailureSamples.Sample::domain)
                .distinct()
                .mapToLong(d -> store.failures(d, RANGE, 100).size())
                .sum();
    }

    private static void sendAll(Mailbox mailbox, List<FailureSamples.Sample> samples) {
        for (FailureSamples.Sample s : samples) {
            mailbox.send(s.mail().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void oneJvmToDuckDbCountsEachFailureOnceAndNothingIsInvalid() throws Exception {
        String storeUrl = "duckdb:" + dir.resolve("ruaflow.duckdb");
        Map<String, String> env = Map.of("RUAFLOW_IMAP_PASSWORD", Mailbox.PASSWORD);
        List<FailureSamples.Sample> samples = failures();
        try (Mailbox mailbox = Mailbox.start()) {
            Map<String, String> flags = flags(null, mailbox, "e2e-failure-local", storeUrl);
            try (Pipeline run =
                    TestPipelines.start(flags, env, Pipeline.all(), false, s -> {}, new SimpleMeterRegistry())) {
                mailbox.send(ReportBuilder.mail("yahoo.com", "e2e-f2", "example.com", 1, Mailbox.ADDRESS));
                sendAll(mailbox, samples);
                await(() -> mailbox.count("processed") == 4, Duration.ofSeconds(90));
            }
            assertThat(mailbox.count("invalid")).isZero();
            try (ReportStore query = ReportStores.open(storeUrl)) {
                assertThat(storedFailures(query, samples)).isEqualTo(3);
                assertThat(query.containsReport(ReportUid.of("yahoo.com", "e2e-f2", "example.com")))
                        .isTrue();
            }
        }
    }
}
