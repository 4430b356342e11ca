package io.ruaflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.parser.TlsReport;
import io.ruaflow.parser.WholeReport;
import io.ruaflow.store.testing.ClickHouseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The real report files of the shared corpus, parsed and enriched offline, answer the same in both stores. */
class CorpusAgreeTest {
    @Test
    void corpusImportedIntoBothStoresGivesTheSameAnswers() throws IOException {
        String shared = System.getProperty("ruaflow.shared.dir");
        Assumptions.assumeTrue(
                shared != null && Files.isDirectory(Path.of(shared, "corpus")),
                "the shared corpus (ruaflow.shared.dir) is not available");
        List<RecordsMessage> messages = parse(Path.of(shared, "corpus"));
        assertThat(messages).hasSizeGreaterThan(100);

        try (ReportStore duckDb = ReportStores.open("duckdb::memory:");
                ReportStore clickHouse =
                        ReportStores.open(ClickHouseServer.shared().newDatabaseUrl())) {
            duckDb.write(messages);
            clickHouse.write(messages);
            clickHouse.write(messages);

            TreeSet<LocalDate> days = new TreeSet<>();
            for (ReportInfo info : duckDb.reports(null, 1000)) {
                days.add(LocalDate.ofInstant(info.begin(), ZoneOffset.UTC));
            }
            assertThat(clickHouse.reports(null, 1000)).isEqualTo(duckDb.reports(null, 1000));
            List<DateRange> ranges = new ArrayList<>();
            for (LocalDate day : days) {
                ranges.add(new DateRange(day.minusDays(3), day.plusDays(30)));
            }
            int compared = 0;
            for (DateRange range : ranges) {
                assertThat(clickHouse.domains(range)).as("%s", range).isEqualTo(duckDb.domains(range));
                for (DomainOverview domain : duckDb.domains(range)) {
                    String d = domain.domain();
                    assertThat(clickHouse.summary(d, range)).isEqualTo(duckDb.summary(d, range));
                    assertThat(clickHouse.sources(d, range, new SourceQuery(false, 500)))
                            .isEqualTo(duckDb.sources(d, range, new SourceQuery(false, 500)));
                    assertThat(clickHouse.sources(d, range, new SourceQuery(true, 20)))
                            .isEqualTo(duckDb.sources(d, range, new SourceQuery(true, 20)));
                    assertThat(clickHouse.timeseries(d, range)).isEqualTo(duckDb.timeseries(d, range));
                    String iso = range.from().plusDays(3).get(java.time.temporal.IsoFields.WEEK_BASED_YEAR) + "-W"
                            + String.format(
                                    "%02d",
                                    range.from().plusDays(3).get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                    assertThat(clickHouse.weekly(d, iso)).isEqualTo(duckDb.weekly(d, iso));
                    compared++;
                }
            }
            assertThat(compared).isGreaterThan(5);

            int tlsCompared = 0;
            for (RecordsMessage message : messages) {
                if (message instanceof WholeReportMessage whole && whole.report() instanceof TlsReport tls) {
                    LocalDate day = LocalDate.ofInstant(tls.begin(), ZoneOffset.UTC);
                    DateRange range = new DateRange(day.minusDays(1), day.plusDays(1));
                    for (String domain : tls.domains()) {
                        TlsSummary answer = duckDb.tls(domain, range);
                        assertThat(clickHouse.tls(domain, range)).isEqualTo(answer);
                        assertThat(answer.successfulSessions() + answer.failedSessions())
                                .as(tls.describe())
                                .isPositive();
                        tlsCompared++;
                    }
                }
            }
            assertThat(tlsCompared).as("TLS reports in the corpus").isGreaterThanOrEqualTo(4);
        }
    }

    static List<RecordsMessage> parse(Path corpus) throws IOException {
        List<RecordsMessage> messages = new ArrayList<>();
        ReportParser parser = new ReportParser();
        try (Enricher enricher = Enricher.offline();
                Stream<Path> walk = Files.walk(corpus)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                List<RecordsMessage> fileMessages = new ArrayList<>();
                try {
                    parser.parse(ReportInput.ofFile(file), new ReportHandler() {
                        final List<ReportRecord> records = new ArrayList<>();

                        @Override
                        public void header(ReportHeader header) {
                            records.clear();
                        }

                        @Override
                        public void record(ReportRecord record) {
                            records.add(record);
                        }

                        @Override
                        public void end(ReportHeader header, long recordCount, long messageCount, List<String> w) {
                            fileMessages.addAll(enricher.enrich(header, records, 0));
                            fileMessages.add(ReportCompleted.of(header, recordCount, messageCount, w));
                        }

                        @Override
                        public void whole(WholeReport report) {
                            fileMessages.add(WholeReportMessage.of(report));
                        }
                    });
                    messages.addAll(fileMessages);
                } catch (ReportRejectedException e) {
                    // not every corpus file is an aggregate report
                }
            }
        }
        return messages;
    }
}
