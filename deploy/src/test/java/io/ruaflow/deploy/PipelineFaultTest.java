package io.ruaflow.deploy;

import static io.ruaflow.deploy.TestPipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.ingest.Headers;
import io.ruaflow.ingest.testing.Drain;
import io.ruaflow.ingest.testing.KafkaBroker;
import io.ruaflow.ingest.transport.KafkaTransport;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.ClickHouseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the middle of a stream of {@link #REPORTS} tiny reports imported from a folder over Kafka into
 * ClickHouse; after each, the store's query totals count every report exactly once.
 */
class PipelineFaultTest {
    static final int REPORTS = 1_000;
    static final int RECORDS_PER_REPORT = 2;
    static final long EXPECTED_MESSAGES = (long) REPORTS * RECORDS_PER_REPORT * ReportBuilder.MESSAGES_PER_RECORD;
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(120);

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    private ReportStore store;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Map<String, String> flags;
    private Path inbox;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void writeReports(TestInfo test) throws IOException {
        inbox = Files.createDirectories(dir.resolve("inbox"));
        for (int i = 0; i < REPORTS; i++) {
            Files.write(
                    inbox.resolve(String.format("r%04d.xml.gz", i)),
                    ReportBuilder.gzip(ReportBuilder.xml(
                            "org" + i % 7 + ".example", "id-" + i, "example.com", RECORDS_PER_REPORT)));
        }
        String prefix = test.getTestMethod().orElseThrow().getName();
        flags = TestPipelines.baseFlags(broker.bootstrap());
        flags.put("ingest.dir", inbox.toString());
        flags.put("topic.raw", prefix + ".raw");
        flags.put("topic.records", prefix + ".records");
        flags.put("topic.dlq", prefix + ".dlq");
        String url = ClickHouseServer.shared().newDatabaseUrl();
        flags.put("store.url", url);
        store = ReportStores.open(url);
    }

    private long storedReports() {
        return TestPipelines.totals(store).reports();
    }

    @AfterEach
    void checkNothingLeft() throws IOException {
        store.close();
        try (Stream<Path> left = Files.list(inbox)) {
            assertThat(left.filter(Files::isRegularFile))
                    .as("files left unimported")
                    .isEmpty();
        }
    }

    private Pipeline start(Pipeline.Role role) {
        return start(role, s -> {});
    }

    private Pipeline start(Pipeline.Role role, java.util.function.Consumer<String> hook) {
        return TestPipelines.start(flags, Map.of(), EnumSet.of(role), false, hook, meters);
    }

    private void assertEveryReportCountedOnce() throws InterruptedException {
        await(() -> storedReports() >= REPORTS, STREAM_TIMEOUT);
        Thread.sleep(500); // a duplicate written late would show now
        DomainSummary totals = TestPipelines.totals(store);
        assertThat(totals.reports()).isEqualTo(REPORTS);
        assertThat(totals.messages()).isEqualTo(EXPECTED_MESSAGES);
    }

    @Test
    void sinkStoppedMidStreamAndStartedAgainLosesAndDoublesNothing() throws Exception {
        try (Pipeline process = start(Pipeline.Role.PROCESS);
                Pipeline ingest = start(Pipeline.Role.INGEST)) {
            Pipeline sink = start(Pipeline.Role.SINK);
            await(() -> storedReports() >= REPORTS / 5, STREAM_TIMEOUT);
            sink.close();
            long atStop = storedReports();
            assertThat(atStop).isLessThan(REPORTS);
            Thread.sleep(500);
            try (Pipeline again = start(Pipeline.Role.SINK)) {
                assertEveryReportCountedOnce();
            }
        }
    }

    @Test
    void brokerRestartedMidStreamLosesAndDoublesNothing() throws Exception {
        try (Pipeline sink = start(Pipeline.Role.SINK);
                Pipeline process = start(Pipeline.Role.PROCESS);
                Pipeline ingest = start(Pipeline.Role.INGEST)) {
            await(() -> storedReports() >= REPORTS / 5, STREAM_TIMEOUT);
            broker.stop();
            long atStop = storedReports();
            assertThat(atStop).isLessThan(REPORTS);
            Thread.sleep(1_000);
            broker.restart();
            assertEveryReportCountedOnce();
        }
    }

    @Test
    void ingestKilledBetweenPublishAndMoveRepublishesAndTheStoreCountsOnce() throws Exception {
        AtomicInteger moved = new AtomicInteger();
        try (Pipeline sink = start(Pipeline.Role.SINK);
                Pipeline process = start(Pipeline.Role.PROCESS)) {
            Pipeline crashing = start(Pipeline.Role.INGEST, source -> {
                if (moved.incrementAndGet() > REPORTS / 3) {
                    throw new IllegalStateException("killed between publish and move of " + source);
                }
            });
            await(() -> moved.get() > REPORTS / 3, STREAM_TIMEOUT);
            crashing.close();
            try (Stream<Path> left = Files.list(inbox)) {
                assertThat(left.filter(Files::isRegularFile).count()).isGreaterThan(REPORTS / 2);
            }
            try (Pipeline ingest = start(Pipeline.Role.INGEST)) {
                assertEveryReportCountedOnce();
                await(() -> countFiles(inbox) == 0, STREAM_TIMEOUT);
            }
        }
        assertThat(meters.counter("ruaflow.ingest.inputs", "kind", "dir", "outcome", "published")
                        .count())
                .isGreaterThan(REPORTS);
    }

    @Test
    void malformedReportLandsInTheDeadLetterTopicWithItsReasonWhileTheStreamGoesOn() throws Exception {
        Files.writeString(inbox.resolve("r0500-broken.xml"), "<?xml version=\"1.0\"?><feedback><report_metadata>");
        try (KafkaTransport reader = KafkaTransport.withBootstrap(broker.bootstrap());
                Drain dlq = new Drain(reader, flags.get("topic.dlq"), "dlq-reader");
                Pipeline sink = start(Pipeline.Role.SINK);
                Pipeline process = start(Pipeline.Role.PROCESS);
                Pipeline ingest = start(Pipeline.Role.INGEST)) {
            assertEveryReportCountedOnce();
            assertThat(dlq.await(1)).singleElement().satisfies(d -> {
                assertThat(d.envelope().header(Headers.SOURCE)).isEqualTo("r0500-broken.xml");
                assertThat(d.envelope().header(Headers.DLQ_STAGE)).isEqualTo("process");
                assertThat(d.envelope().header(Headers.DLQ_REASON)).isNotBlank();
            });
            assertThat(meters.counter("ruaflow.dlq.messages", "stage", "process")
                            .count())
                    .isEqualTo(1);
        }
    }

    private static long countFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
