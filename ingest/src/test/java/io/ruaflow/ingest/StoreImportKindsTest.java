package io.ruaflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.enricher.Enricher;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportKind;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.samples.TlsReportBuilder;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.ReportWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports route each report by kind into the store, and a report imported again is skipped, whatever its kind. */
class StoreImportKindsTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-30");

    @TempDir
    Path dir;

    @Test
    void tlsAndAggregateMailsAreStoredOnceEach() throws Exception {
        byte[] tls = TlsReportBuilder.mail(
                "Microsoft Corporation",
                "133456789012345678+example.com",
                "example.com",
                DAY,
                TlsReportBuilder.json(
                        "Microsoft Corporation",
                        "133456789012345678+example.com",
                        "example.com",
                        DAY,
                        70,
                        List.of(new TlsReportBuilder.Failure("validation-failure", null, "mx.example.com", null, 5)),
                        true),
                "tls@example.com",
                false);
        byte[] aggregate = ReportBuilder.mail("google.com", "r1", "example.com", 2, "dmarc@example.com");
        try (Enricher enricher = Enricher.offline();
                ReportStore store = ReportStores.open("duckdb:" + dir.resolve("s.duckdb"))) {
            StoreImport importer = new StoreImport(new ReportParser(), enricher, 100, store);
            List<ReportWriter.Outcome> outcomes = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                importer.ingest(ReportInput.ofBytes("tls.eml", tls), outcomes::add);
                importer.ingest(ReportInput.ofBytes("agg.eml", aggregate), outcomes::add);
            }
            assertThat(outcomes)
                    .extracting(ReportWriter.Outcome::kind, ReportWriter.Outcome::duplicate)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(ReportKind.SMTP_TLS, false),
                            org.assertj.core.groups.Tuple.tuple(ReportKind.AGGREGATE, false),
                            org.assertj.core.groups.Tuple.tuple(ReportKind.SMTP_TLS, true),
                            org.assertj.core.groups.Tuple.tuple(ReportKind.AGGREGATE, true));
            assertThat(outcomes.get(0).source().file()).isEqualTo("tls.eml");
            var summary = store.tls("example.com", new DateRange(DAY, DAY));
            assertThat(summary.successfulSessions()).isEqualTo(70);
            assertThat(summary.failedSessions()).isEqualTo(5);
            assertThat(summary.byReceivingMx()).singleElement().satisfies(mx -> {
                assertThat(mx.receivingMx()).isEqualTo("mx.example.com");
                assertThat(mx.resultType()).isEqualTo("validation-failure");
            });
        }
    }
}
