package io.ruaflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.store.testing.ClickHouseServer;
import io.ruaflow.store.testing.StoreTestData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same data written into DuckDB and ClickHouse gives the same answer to every query. A subclass swaps the
 * stores: the reference, the one written, and the one read ({@link ClusterStoresAgreeTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoresAgreeTest {
    static final List<DateRange> RANGES = List.of(
            new DateRange(LocalDate.parse("2026-10-20"), LocalDate.parse("2026-12-31")),
            new DateRange(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-07")),
            new DateRange(LocalDate.parse("2026-11-15"), LocalDate.parse("2026-11-15")),
            new DateRange(LocalDate.parse("2027-01-01"), LocalDate.parse("2027-01-31")));
    static final List<String> WEEKS = List.of("2026-W44", "2026-W45", "2026-W47", "2026-W49");

    /** The reference answers. */
    ReportStore duckDb;
    /** The answers compared with them. */
    ReportStore clickHouse;
    /** Where the compared answers were written. */
    ReportStore written;

    List<String> domains = new ArrayList<>();
    List<io.ruaflow.parser.FailureReport> failures;

    ReportStore openReference() {
        return ReportStores.open("duckdb::memory:");
    }

    ReportStore openWritten() {
        return ReportStores.open(ClickHouseServer.shared().newDatabaseUrl());
    }

    /** The store read: the written one itself, or another view of the same data. */
    ReportStore openRead(ReportStore written) {
        return written;
    }

    @BeforeAll
    void writeTheSameDataIntoBoth() {
        written = openWritten();
        duckDb = openReference();
        List<RecordsMessage> messages = StoreTestData.generated(42, 400, 4);
        for (ReportStore store : List.of(duckDb, written)) {
            for (int i = 0; i < messages.size(); i += 500) {
                store.write(messages.subList(i, Math.min(messages.size(), i + 500)));
            }
            // a redelivery of the first reports
            store.write(messages.subList(0, 300));
        }
        failures = StoreTestData.failures(42, 30);
        for (ReportStore store : List.of(duckDb, written)) {
            store.writeFailures(failures);
            store.writeFailures(failures.subList(0, 10));
        }
        clickHouse = openRead(written);
        for (DomainOverview d : duckDb.domains(RANGES.get(0))) {
            domains.add(d.domain());
        }
        domains.add("DOMAIN1.example");
        domains.add("unknown.example");
    }

    @AfterAll
    void close() {
        if (duckDb != null) {
            duckDb.close();
        }
        if (clickHouse != null) {
            clickHouse.close();
        }
        if (written != null) {
            written.close();
        }
    }

    @Test
    void thereIsSomethingToCompare() {
        assertThat(domains).hasSizeGreaterThan(3);
        assertThat(duckDb.domains(RANGES.get(0)).stream()
                        .mapToLong(DomainOverview::messages)
                        .sum())
                .isGreaterThan(1000);
    }

    @Test
    void failureQueriesAgree() {
        List<String> failureDomains = new ArrayList<>(
                failures.stream().map(r -> r.reportedDomain()).distinct().toList());
        failureDomains.add("unknown.example");
        assertThat(failureDomains).hasSizeGreaterThan(2);
        List<DateRange> ranges = new ArrayList<>(RANGES);
        ranges.add(new DateRange(StoreTestData.FAILURES_FROM, StoreTestData.FAILURES_FROM.plusDays(2)));
        for (String domain : failureDomains) {
            for (DateRange range : ranges) {
                assertThat(clickHouse.failures(domain, range, 1000))
                        .as("%s %s", domain, range)
                        .isEqualTo(duckDb.failures(domain, range, 1000));
                assertThat(clickHouse.failureSources(domain, range))
                        .as("%s %s", domain, range)
                        .isEqualTo(duckDb.failureSources(domain, range));
            }
        }
        for (io.ruaflow.parser.FailureReport r : failures) {
            assertThat(clickHouse.failureHeaders(r.reportUid())).isEqualTo(duckDb.failureHeaders(r.reportUid()));
        }
    }

    @Test
    void domainsAgree() {
        for (DateRange range : RANGES) {
            assertThat(clickHouse.domains(range)).as("%s", range).isEqualTo(duckDb.domains(range));
        }
    }

    @Test
    void summariesAgree() {
        for (String domain : domains) {
            for (DateRange range : RANGES) {
                assertThat(clickHouse.summary(domain, range))
                        .as("%s %s", domain, range)
                        .isEqualTo(duckDb.summary(domain, range));
            }
        }
    }

    @Test
    void sourcesAgree() {
        for (String domain : domains) {
            for (DateRange range : RANGES) {
                for (SourceQuery query : List.of(
                        new SourceQuery(false, 1000),
                        new SourceQuery(true, 1000),
                        new SourceQuery(true, 3),
                        new SourceQuery(false, 1))) {
                    assertThat(clickHouse.sources(domain, range, query))
                            .as("%s %s %s", domain, range, query)
                            .isEqualTo(duckDb.sources(domain, range, query));
                }
            }
        }
    }

    @Test
    void timeseriesAgree() {
        for (String domain : domains) {
            for (DateRange range : RANGES) {
                assertThat(clickHouse.timeseries(domain, range))
                        .as("%s %s", domain, range)
                        .isEqualTo(duckDb.timeseries(domain, range));
            }
        }
    }

    @Test
    void weeklyDataAgree() {
        for (String domain : domains) {
            for (String week : WEEKS) {
                assertThat(clickHouse.weekly(domain, week))
                        .as("%s %s", domain, week)
                        .isEqualTo(duckDb.weekly(domain, week));
            }
        }
    }

    @Test
    void reportsAgree() {
        assertThat(clickHouse.reports(null, 10_000)).isEqualTo(duckDb.reports(null, 10_000));
        for (String domain : domains) {
            assertThat(clickHouse.reports(domain, 7)).as(domain).isEqualTo(duckDb.reports(domain, 7));
        }
        for (ReportInfo info : duckDb.reports(null, 50)) {
            assertThat(clickHouse.report(info.reportUid())).isEqualTo(duckDb.report(info.reportUid()));
            assertThat(clickHouse.containsReport(info.reportUid())).isTrue();
        }
    }
}
