package io.ruaflow.deploy;

import static io.ruaflow.deploy.TestPipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.ingest.testing.KafkaBroker;
import io.ruaflow.ingest.testing.Mailbox;
import io.ruaflow.ingest.testing.TinyReports;
import io.ruaflow.parser.ReportUid;
import io.ruaflow.store.sink.MemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report mailed into a real mail server ends up stored, through each transport. */
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

    private Map<String, String> flags(String bootstrap, Mailbox mailbox, String group) {
        Map<String, String> flags = TestPipelines.baseFlags(bootstrap);
        flags.put("imap.url", mailbox.imapUrl().toString());
        flags.put("imap.state.file", dir.resolve("imap.state").toString());
        flags.put("topic.raw", group + ".raw");
        flags.put("topic.records", group + ".records");
        flags.put("topic.dlq", group + ".dlq");
        return flags;
    }

    @Test
    void mailedReportIsStoredThroughSeparateIngestProcessAndSinkOverKafka() throws Exception {
        MemoryStore store = new MemoryStore();
        Map<String, String> env = Map.of("RUAFLOW_IMAP_PASSWORD", Mailbox.PASSWORD);
        try (Mailbox mailbox = Mailbox.start()) {
            Map<String, String> flags = flags(broker.bootstrap(), mailbox, "e2e-kafka");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (Pipeline sink = TestPipelines.start(
                            flags, env, EnumSet.of(Pipeline.Role.SINK), false, store, s -> {}, meters);
                    Pipeline process = TestPipelines.start(
                            flags, env, EnumSet.of(Pipeline.Role.PROCESS), false, store, s -> {}, meters);
                    Pipeline ingest = TestPipelines.start(
                            flags, env, EnumSet.of(Pipeline.Role.INGEST), false, store, s -> {}, meters)) {
                mailbox.send(TinyReports.mail("google.com", "e2e-1", "example.com", 4, Mailbox.ADDRESS));
                await(() -> store.reports() == 1, Duration.ofSeconds(60));
                assertThat(store.containsReport(ReportUid.of("google.com", "e2e-1", "example.com")))
                        .isTrue();
                assertThat(store.messages()).isEqualTo(4L * TinyReports.MESSAGES_PER_RECORD);
                await(() -> mailbox.count("processed") == 1, Duration.ofSeconds(30));
                assertThat(mailbox.count("INBOX")).isZero();
            }
        }
    }

    @Test
    void mailedReportIsStoredThroughTheInProcessQueueInOneJvm() throws Exception {
        MemoryStore store = new MemoryStore();
        Map<String, String> env = Map.of("RUAFLOW_IMAP_PASSWORD", Mailbox.PASSWORD);
        try (Mailbox mailbox = Mailbox.start()) {
            Map<String, String> flags = flags(null, mailbox, "e2e-local");
            try (Pipeline run =
                    TestPipelines.start(flags, env, Pipeline.all(), false, store, s -> {}, new SimpleMeterRegistry())) {
                mailbox.send(TinyReports.mail("yahoo.com", "e2e-2", "example.com", 3, Mailbox.ADDRESS));
                await(() -> store.reports() == 1, Duration.ofSeconds(60));
                assertThat(store.messages()).isEqualTo(3L * TinyReports.MESSAGES_PER_RECORD);
                // in one JVM the mail is moved only once the store holds it
                await(() -> mailbox.count("processed") == 1, Duration.ofSeconds(30));
            }
        }
    }
}
