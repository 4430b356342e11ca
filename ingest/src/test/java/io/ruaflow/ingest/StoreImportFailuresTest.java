package io.ruaflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportKind;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.samples.FailureSamples;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.samples.SampleWorld;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.FailureRow;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure reports take the import path every upload and import takes: routed by kind, re-checked, stored once per
 * report, and they travel the records topic's codec intact.
 */
class StoreImportFailuresTest {
    private static final LocalDate FROM = LocalDate.parse("2026-11-09");

    @TempDir
    Path dir;

    @Test
    void theSharedCorpusAndGeneratedFailuresAreStoredOnceEachBesideAnAggregate() throws Exception {
        String shared = System.getProperty("ruaflow.shared.dir");
        assumeTrue(shared != null, "ruaflow.shared.dir is not set");
        Path corpus = Path.of(shared, "corpus", "failure");
        assumeTrue(Files.isDirectory(corpus), "no shared failure corpus at " + corpus);
        List<Path> files;
        try (Stream<Path> list = Files.list(corpus)) {
            files = list.sorted().toList();
        }
        List<FailureSamples.Sample> generated = FailureSamples.generate(SampleWorld.fromSeed(3, 2), 6, FROM, FROM);
        try (Enricher enricher = Enricher.offline();
                ReportStore store = ReportStores.open("duckdb:" + dir.resolve("s.duckdb"))) {
            StoreImport importer = new StoreImport(new ReportParser(), enricher, 100, store);
            List<ReportWriter.Outcome> outcomes = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (Path file : files) {
                    importer.ingest(ReportInput.ofFile(file), outcomes::add);
                }
                for (FailureSamples.Sample s : generated) {
                    importer.ingest(
                            ReportInput.ofBytes(
                                    s.fileName(), s.mail().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                            outcomes::add);
                }
                importer.ingest(
                        ReportInput.ofBytes(
                                "agg.eml", ReportBuilder.mail("google.com", "r1", "example.com", 2, "d@example.com")),
                        outcomes::add);
            }
            int perRound = files.size() + generated.size() + 1;
            assertThat(outcomes).hasSize(2 * perRound);
            assertThat(outcomes.subList(0, files.size() + generated.size()))
                    .allSatisfy(o -> assertThat(o.kind()).isEqualTo(ReportKind.FAILURE));
            // the LF and CRLF copies of LinkedIn's report are one report: the second is a duplicate already
            assertThat(outcomes.subList(0, perRound).stream().filter(o -> !o.duplicate()))
                    .hasSize(perRound - 1);
            assertThat(outcomes.subList(perRound, 2 * perRound))
                    .allSatisfy(o -> assertThat(o.duplicate()).isTrue());

            DateRange all = new DateRange(LocalDate.parse("2018-01-01"), LocalDate.parse("2026-12-31"));
            assertThat(store.failures("example.com", all, 100))
                    .extracting(FailureRow::sourceIp)
                    .containsExactly("203.0.113.68", "10.10.10.10"); // Exim 2025, LinkedIn 2019
            assertThat(store.failures("cardinal.com", all, 100)).singleElement().satisfies(r -> {
                assertThat(r.from()).isEqualTo("700 on Washington <redacted@cardinal.com>");
                assertThat(r.classification()).isEqualTo("misconfigured"); // SPF and DKIM pass for entrata.com
            });
            assertThat(store.failures("domain.de", all, 100)).hasSize(1);
            long generatedStored = generated.stream()
                    .map(FailureSamples.Sample::domain)
                    .distinct()
                    .mapToLong(d -> store.failures(d, all, 100).size())
                    .sum();
            assertThat(generatedStored).isEqualTo(generated.size());
            assertThat(store.summary(
                                    "example.com",
                                    new DateRange(LocalDate.parse("2025-11-17"), LocalDate.parse("2025-11-17")))
                            .messages())
                    .isEqualTo(2L * ReportBuilder.MESSAGES_PER_RECORD);
        }
    }

    @Test
    void aFailureReportCrossesTheRecordsCodecIntact() throws Exception {
        FailureSamples.Sample sample = FailureSamples.generate(SampleWorld.fromSeed(3, 2), 1, FROM, FROM)
                .get(0);
        List<FailureReport> read = new ArrayList<>();
        new ReportParser()
                .parse(
                        ReportInput.ofBytes(
                                sample.fileName(), sample.mail().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        new io.ruaflow.parser.ReportHandler() {
                            @Override
                            public void header(io.ruaflow.parser.ReportHeader header) {}

                            @Override
                            public void record(io.ruaflow.parser.ReportRecord record) {}

                            @Override
                            public void end(io.ruaflow.parser.ReportHeader h, long r, long m, List<String> warnings) {}

                            @Override
                            public void whole(io.ruaflow.parser.WholeReport report) {
                                read.add((FailureReport) report);
                            }
                        });
        FailureReport report = read.get(0)
                .withRecheck(new FailureReport.Recheck(
                        "mx.example.net",
                        true,
                        "SendGrid",
                        "pass",
                        "ip4:192.0.2.0/24",
                        "misconfigured",
                        java.time.Instant.parse("2026-11-10T00:00:00Z")));
        RecordsMessage back = RecordsCodec.decode(RecordsCodec.encode(WholeReportMessage.of(report)));
        assertThat(((WholeReportMessage) back).report()).isEqualTo(report);
    }
}
