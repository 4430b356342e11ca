package io.ruaflow.deploy;

import static io.ruaflow.deploy.TestPipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.deploy.ImportQueryCommandTest.Result;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.ingest.Headers;
import io.ruaflow.ingest.Transport;
import io.ruaflow.ingest.testing.Drain;
import io.ruaflow.ingest.testing.KafkaBroker;
import io.ruaflow.samples.TruncatedReport;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportInfo;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.ClickHouseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A report whose gzip is cut off after thousands of good records counts 0 messages and is listed as rejected, on
 * every path into each store; the intact report sent afterwards counts exactly once. (Uploads: ApiEndToEndTest.)
 */
class WholeReportOrNothingTest {
    private static final TruncatedReport REPORT = TruncatedReport.create();
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

    private String storeUrl(String kind) {
        return kind.equals("duckdb")
                ? "duckdb:" + dir.resolve("r.duckdb")
                : ClickHouseServer.shared().newDatabaseUrl();
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse"})
    void importCountsATruncatedReportAsNothingAndTheIntactOneOnce(String kind) throws Exception {
        String store = storeUrl(kind);
        Path cut = Files.write(dir.resolve("cut.xml.gz"), REPORT.truncated());
        Path intact = Files.write(dir.resolve("intact.xml.gz"), REPORT.intact());

        Result first = ImportQueryCommandTest.run("import", cut.toString(), "--store", store, "--no-dns");
        assertThat(first.exit()).isEqualTo(1);
        assertThat(first.err()).contains(cut + ": truncated");
        assertThat(first.out()).contains("1 files: 0 reports stored, 0 records, 0 duplicates skipped, 1 rejected");
        assertRejectedAndNothingCounted(store);

        Result second = ImportQueryCommandTest.run("import", intact.toString(), "--store", store, "--no-dns");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("1 reports stored, " + TruncatedReport.RECORDS + " records");
        ImportQueryCommandTest.run("import", intact.toString(), "--store", store, "--no-dns");
        assertCountedOnce(store);
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse"})
    void processAndSinkOverKafkaCountATruncatedReportAsNothingAndTheIntactOneOnce(String kind) throws Exception {
        String store = storeUrl(kind);
        Path in = Files.createDirectories(dir.resolve("in"));
        String prefix = "half-" + kind;
        Map<String, String> flags = TestPipelines.baseFlags(broker.bootstrap());
        flags.put("ingest.dir", in.toString());
        flags.put("topic.raw", prefix + ".raw");
        flags.put("topic.records", prefix + ".records");
        flags.put("topic.dlq", prefix + ".dlq");
        flags.put("store.url", store);
        Transport transport = Wiring.transport(PipelineConfig.load(flags, Map.of(), null), true, "dlq-reader");
        try (transport;
                Drain dlq = new Drain(transport, prefix + ".dlq", "dlq-reader")) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (AutoCloseable roles = separateRoles(flags, meters)) {
                Files.write(in.resolve("cut.xml.gz"), REPORT.truncated());
                assertThat(dlq.await(1)).singleElement().satisfies(d -> assertThat(
                                d.envelope().header(Headers.DLQ_REASON))
                        .startsWith("truncated"));
                await(() -> meters.counter("ruaflow.sink.reports.rejected").count() == 1, Duration.ofSeconds(60));
            }
            assertRejectedAndNothingCounted(store);

            SimpleMeterRegistry again = new SimpleMeterRegistry();
            try (AutoCloseable roles = separateRoles(flags, again)) {
                Files.write(in.resolve("intact.xml.gz"), REPORT.intact());
                await(() -> again.counter("ruaflow.sink.reports").count() == 1, Duration.ofSeconds(60));
            }
            assertCountedOnce(store);
        }
    }

    /** Sink, process and ingest as three pipelines over Kafka, closed together. */
    private static AutoCloseable separateRoles(Map<String, String> flags, SimpleMeterRegistry meters) {
        Pipeline sink = TestPipelines.start(flags, Map.of(), EnumSet.of(Pipeline.Role.SINK), false, s -> {}, meters);
        Pipeline process =
                TestPipelines.start(flags, Map.of(), EnumSet.of(Pipeline.Role.PROCESS), false, s -> {}, meters);
        Pipeline ingest =
                TestPipelines.start(flags, Map.of(), EnumSet.of(Pipeline.Role.INGEST), false, s -> {}, meters);
        return () -> {
            ingest.close();
            process.close();
            sink.close();
        };
    }

    private static void assertRejectedAndNothingCounted(String url) {
        try (ReportStore store = ReportStores.open(url)) {
            DateRange day = new DateRange(REPORT.day(), REPORT.day());
            assertThat(store.summary(REPORT.domain(), day).messages()).isZero();
            assertThat(store.domains(day)).isEmpty();
            assertThat(store.reports(null, 10)).singleElement().satisfies(info -> {
                assertThat(info.status()).isEqualTo(ReportInfo.REJECTED);
                assertThat(info.rejection()).startsWith("truncated");
                assertThat(info.records())
                        .isBetween((long) TruncatedReport.RECORDS_SEEN_AT_LEAST, (long) TruncatedReport.WHOLE_RECORDS);
                assertThat(info.messages()).isZero();
            });
        }
    }

    private static void assertCountedOnce(String url) {
        try (ReportStore store = ReportStores.open(url)) {
            DateRange day = new DateRange(REPORT.day(), REPORT.day());
            assertThat(store.summary(REPORT.domain(), day).messages()).isEqualTo(REPORT.messages());
            assertThat(store.summary(REPORT.domain(), day).reports()).isEqualTo(1);
            assertThat(store.reports(null, 10)).singleElement().satisfies(info -> {
                assertThat(info.status()).isEqualTo(ReportInfo.COMPLETE);
                assertThat(info.messages()).isEqualTo(REPORT.messages());
            });
        }
    }
}
