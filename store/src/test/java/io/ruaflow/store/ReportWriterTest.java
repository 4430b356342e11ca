package io.ruaflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.EnrichingHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.store.testing.StoreTestData;
import io.ruaflow.store.testing.StoreTestData.Source;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 10);
    private static final int CHUNK = 1_000;
    private static final int RECORDS = 2 * CHUNK + 345;

    @Test
    void aReportLongerThanAChunkIsWrittenWholeWithItsCompletionAndCountedOnceWhenSentAgain() {
        ReportHeader header = ReportBuilder.dayHeader("Reporter", "r-1", "example.com", DAY);
        try (ReportStore store = ReportStores.open("duckdb::memory:");
                Enricher enricher = Enricher.offline()) {
            List<ReportWriter.Outcome> outcomes = new ArrayList<>();
            EnrichingHandler first = new EnrichingHandler(enricher, CHUNK, new ReportWriter(store, outcomes::add));
            feed(first, header);
            assertThat(first.recordsEnriched()).isEqualTo(RECORDS);
            assertThat(store.containsReport(header.reportUid())).isTrue();
            assertThat(store.report(header.reportUid()).orElseThrow().records()).isEqualTo(RECORDS);
            assertThat(messages(store)).isEqualTo(RECORDS * 2L);

            EnrichingHandler again = new EnrichingHandler(enricher, CHUNK, new ReportWriter(store, outcomes::add));
            feed(again, header);
            assertThat(again.recordsEnriched()).isZero();
            assertThat(messages(store)).isEqualTo(RECORDS * 2L);
            assertThat(outcomes).extracting(ReportWriter.Outcome::duplicate).containsExactly(false, true);
            assertThat(outcomes).allSatisfy(o -> assertThat(o.records()).isEqualTo(RECORDS));
        }
    }

    private static void feed(EnrichingHandler writer, ReportHeader header) {
        writer.header(header);
        for (int i = 0; i < RECORDS; i++) {
            String ip = "192.0.2." + (i % 250);
            writer.record(StoreTestData.record(header, i, Source.passing(ip, 2)).record());
        }
        writer.end(header, RECORDS, RECORDS * 2L, List.of());
    }

    private static long messages(ReportStore store) {
        return store.summary("example.com", new DateRange(DAY, DAY)).messages();
    }
}
