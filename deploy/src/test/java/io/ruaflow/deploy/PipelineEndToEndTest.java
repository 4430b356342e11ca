package io.ruaflow.deploy;

import static io.ruaflow.deploy.TestPipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.ingest.testing.KafkaBroker;
import io.ruaflow.ingest.testing.Mailbox;
import io.ruaflow.parser.ReportUid;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.ClickHouseServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report mailed into a real mail server ends up in the store's query results, through each transport. */
class PipelineEndToEndTest {
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

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

    @Test
    void mailedReportIsQueryableInClickHouseThroughSeparateIngestProcessAndSinkOverKafka() throws Exception {
        String storeUrl = ClickHouseServer.shared().newDatabaseUrl();
        Map<String, String> env = Map.of("RUAFLOW_IMAP_PASSWORD", Mailbox.PASSWORD);
        try (Mailbox mailbox = Mailbox.start();
                ReportStore query = ReportStores.open(storeUrl)) {
            Map<String, String> flags = flags(broker.bootstrap(), mailbox, "e2e-kafka", storeUrl);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (Pipeline sink =
                            TestPipelines.start(flags, env, EnumSet.of(Pipeline.Role.SINK), false, s -> {}, meters);
                    Pipeline process =
                            TestPipelines.start(flags, env, EnumSet.of(Pipeline.Role.PROCESS), false, s -> {}, meters);
                    Pipeline ingest =
                            TestPipelines.start(flags, env, EnumSet.of(Pipeline.Role.INGEST), false, s -> {}, meters)) {
                mailbox.send(ReportBuilder.mail("google.com", "e2e-1", "example.com", 4, Mailbox.ADDRESS));
                String uid = ReportUid.of("google.com", "e2e-1", "example.com");
                await(() -> query.containsReport(uid), Duration.ofSeconds(60));
                DomainSummary totals = TestPipelines.totals(query);
                assertThat(totals.reports()).isEqualTo(1);
                assertThat(totals.messages()).isEqualTo(4L * ReportBuilder.MESSAGES_PER_RECORD);
                assertThat(query.report(uid))
                        .hasValueSatisfying(r -> assertThat(r.records()).isEqualTo(4));
                await(() -> mailbox.count("processed") == 1, Duration.ofSeconds(30));
                assertThat(mailbox.count("INBOX")).isZero();
            }
        }
    }

    @Test
    void mailedReportIsQueryableInDuckDbThroughTheInProcessQueueInOneJvm() throws Exception {
        String storeUrl = "duckdb:" + dir.resolve("ruaflow.duckdb");
        Map<String, String> env = Map.of("RUAFLOW_IMAP_PASSWORD", Mailbox.PASSWORD);
        try (Mailbox mailbox = Mailbox.start()) {
            Map<String, String> flags = flags(null, mailbox, "e2e-local", storeUrl);
            try (Pipeline run =
                    TestPipelines.start(flags, env, Pipeline.all(), false, s -> {}, new SimpleMeterRegistry())) {
                mailbox.send(ReportBuilder.mail("yahoo.com", "e2e-2", "example.com", 3, Mailbox.ADDRESS));
                // in one JVM a mail is moved only once the store holds its records
                await(() -> mailbox.count("processed") == 1, Duration.ofSeconds(60));
            }
            try (ReportStore query = ReportStores.open(storeUrl)) {
                assertThat(query.containsReport(ReportUid.of("yahoo.com", "e2e-2", "example.com")))
                        .isTrue();
                DomainSummary totals = TestPipelines.totals(query);
                assertThat(totals.reports()).isEqualTo(1);
                assertThat(totals.messages()).isEqualTo(3L * ReportBuilder.MESSAGES_PER_RECORD);
            }
        }
    }
}
