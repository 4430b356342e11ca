package io.ruaflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.enricher.Enricher;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.samples.TruncatedReport;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportInfo;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.ReportWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batching import (many small report mails in one store write) stores and counts exactly what an import report by
 * report does: an outcome is told once its write is made, a copy within the batch is a duplicate, and a cut report
 * followed by its intact copy counts once.
 */
class StoreImportBatchingTest {
    @TempDir
    Path dir;

    /** Google's report {@code reportId} for example.com, three records, as the mail {@code file}. */
    private static void ingestMail(StoreImport importer, String file, String reportId, List<ReportWriter.Outcome> to)
            throws Exception {
        importer.ingest(
                ReportInput.ofBytes(
                        file, ReportBuilder.mail("google.com", reportId, "example.com", 3, "dmarc@example.com")),
                to::add);
    }

    @Test
    void reportsAreWrittenTogetherAndToldOnceWritten() throws Exception {
        try (Enricher enricher = Enricher.offline();
                ReportStore store = ReportStores.open("duckdb:" + dir.resolve("s.duckdb"))) {
            StoreImport importer = StoreImport.batching(new ReportParser(), enricher, 100, store, 1_000);
            List<ReportWriter.Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ingestMail(importer, "r" + i + ".eml", "r" + i, outcomes);
            }
            ingestMail(importer, "again.eml", "r2", outcomes);
            assertThat(outcomes)
                    .as("only the copy is told before the write")
                    .singleElement()
                    .satisfies(o -> assertThat(o.duplicate()).isTrue());
            assertThat(store.reports(null, 10)).isEmpty();

            importer.flush();
            assertThat(outcomes).hasSize(6).filteredOn(o -> !o.duplicate()).hasSize(5);
            assertThat(store.reports(null, 10)).hasSize(5);
            assertThat(outcomes).filteredOn(o -> !o.duplicate()).allSatisfy(o -> assertThat(o.records())
                    .isEqualTo(3));
        }
    }

    @Test
    void aBatchWritesWhenItHoldsItsSizeInRecords() throws Exception {
        try (Enricher enricher = Enricher.offline();
                ReportStore store = ReportStores.open("duckdb:" + dir.resolve("s.duckdb"))) {
            StoreImport importer = StoreImport.batching(new ReportParser(), enricher, 100, store, 8);
            List<ReportWriter.Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ingestMail(importer, "r" + i + ".eml", "r" + i, outcomes);
            }
            // 3 records and a completion per report: the second report filled the batch of 8
            assertThat(outcomes).hasSize(2);
            assertThat(store.reports(null, 10)).hasSize(2);
            importer.flush();
            assertThat(store.reports(null, 10)).hasSize(3);
        }
    }

    @Test
    void aCutReportThenItsIntactCopyInOneImportCountOnce() throws Exception {
        TruncatedReport report = TruncatedReport.create();
        try (Enricher enricher = Enricher.offline();
                ReportStore store = ReportStores.open("duckdb:" + dir.resolve("s.duckdb"))) {
            StoreImport importer = StoreImport.batching(new ReportParser(), enricher, 1_000, store, 100_000);
            List<ReportWriter.Outcome> outcomes = new ArrayList<>();
            assertThatThrownBy(
                            () -> importer.ingest(ReportInput.ofBytes("cut.xml.gz", report.truncated()), outcomes::add))
                    .isInstanceOf(ReportRejectedException.class);
            importer.ingest(ReportInput.ofBytes("intact.xml.gz", report.intact()), outcomes::add);
            importer.flush();

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.duplicate()).isFalse();
                assertThat(o.records()).isEqualTo(TruncatedReport.RECORDS);
            });
            DateRange day = new DateRange(report.day(), report.day());
            assertThat(store.summary(report.domain(), day).messages()).isEqualTo(report.messages());
            assertThat(store.reports(null, 10)).singleElement().satisfies(info -> assertThat(info.status())
                    .isEqualTo(ReportInfo.COMPLETE));
        }
    }
}
