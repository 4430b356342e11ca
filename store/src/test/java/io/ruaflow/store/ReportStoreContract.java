package io.ruaflow.store;

import static io.ruaflow.samples.ReportBuilder.dayHeader;
import static io.ruaflow.samples.ReportBuilder.header;
import static io.ruaflow.store.testing.StoreTestData.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.enricher.Classification;
import io.ruaflow.enricher.DkimKeyCheck;
import io.ruaflow.enricher.DkimKeyStatus;
import io.ruaflow.enricher.PostureChecker;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportRejected;
import io.ruaflow.parser.ParserLimits;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.store.testing.StoreTestData;
import io.ruaflow.store.testing.StoreTestData.Source;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ReportStore} must answer; run against each store by a subclass. */
abstract class ReportStoreContract {
    static final LocalDate DAY = LocalDate.parse("2026-11-10");
    static final DateRange DAY_RANGE = new DateRange(DAY, DAY);
    static final DateRange NOVEMBER = new DateRange(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"));

    ReportStore store;

    /** A new, empty store. */
    abstract ReportStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    /**
     * Waits until deletes issued so far are applied: ClickHouse deletes in the background (mutations); DuckDB is done
     * when the delete returns.
     */
    void awaitDeletes() {}

    @Test
    void expiredReportsAreDeletedAndWhatIsKeptAnswersAsBefore() {
        LocalDate today = LocalDate.parse("2026-11-20");
        ReportHeader old = dayHeader("Google", "old", "example.com", LocalDate.parse("2026-11-01"));
        ReportHeader straddling = header(
                "Yahoo",
                "straddling",
                "example.com",
                Instant.parse("2026-11-10T12:00:00Z"),
                Instant.parse("2026-11-11T12:00:00Z"));
        ReportHeader recent = dayHeader("Google", "recent", "example.com", LocalDate.parse("2026-11-15"));
        store.write(report(old, Source.failing("192.0.2.9", 7)));
        store.write(report(straddling, Source.passing("192.0.2.1", 10)));
        store.write(report(recent, Source.passing("192.0.2.1", 3)));
        DateRange kept = new DateRange(LocalDate.parse("2026-11-11"), today);
        DomainSummary keptBefore = store.summary("example.com", kept);
        List<DailyVolume> seriesBefore = store.timeseries("example.com", kept);

        Retention nothingExpires = Retention.none().withDays(Retention.AGGREGATE, 365);
        ((io.ruaflow.store.internal.SqlStore) store).deleteExpired(nothingExpires, today);
        ((io.ruaflow.store.internal.SqlStore) store).deleteExpired(Retention.none(), today);
        awaitDeletes();
        assertThat(store.summary("example.com", NOVEMBER).messages()).isEqualTo(20);

        // 10 days: 2026-11-11 .. 2026-11-20 are kept
        ((io.ruaflow.store.internal.SqlStore) store)
                .deleteExpired(Retention.none().withDays(Retention.AGGREGATE, 10), today);
        awaitDeletes();

        assertThat(store.summary("example.com", kept)).isEqualTo(keptBefore);
        assertThat(store.timeseries("example.com", kept)).isEqualTo(seriesBefore);
        assertThat(keptBefore.messages())
                .as("half the straddling report, and the recent one")
                .isEqualTo(5 + 3);
        assertThat(store.summary("example.com", NOVEMBER).messages()).isEqualTo(5 + 3);
        assertThat(store.sources("example.com", NOVEMBER, new SourceQuery(true, 10)))
                .as("the old report's failing source")
                .isEmpty();
        assertThat(store.containsReport(old.reportUid())).isFalse();
        assertThat(store.report(old.reportUid())).isEmpty();
        assertThat(store.reports(null, 10))
                .extracting(ReportInfo::reportUid)
                .containsExactlyInAnyOrder(straddling.reportUid(), recent.reportUid());
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void rangesOfSeveralYearsAndAllTimeAreAnswered() {
        store.write(
                report(dayHeader("Google", "old", "example.com", DAY.minusYears(3)), Source.failing("192.0.2.9", 5)));
        store.write(report(dayHeader("Google", "new", "example.com", DAY), Source.passing("192.0.2.1", 3)));
        store.write(report(
                dayHeader("Google", "other", "other.example", DAY.minusYears(5)), Source.passing("192.0.2.2", 1)));

        DateRange all = DateRange.allTime(store.storedDomains(), "Example.COM", DAY);
        assertThat(all).isEqualTo(new DateRange(DAY.minusYears(3), DAY));
        assertThat(store.summary("example.com", all).messages()).isEqualTo(8);
        assertThat(store.sources("example.com", all, new SourceQuery(true, 10)))
                .extracting(SourceRow::sourceIp)
                .containsExactly("192.0.2.9");
        assertThat(store.timeseries("example.com", all)).hasSize((int) all.days());
        assertThat(DateRange.allTime(store.storedDomains(), null, DAY).from()).isEqualTo(DAY.minusYears(5));
        assertThat(DateRange.allTime(store.storedDomains(), "nothing.example", DAY))
                .isEqualTo(new DateRange(DAY, DAY));
        assertThatThrownBy(() -> store.timeseries("example.com", new DateRange(DAY.minusYears(30), DAY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most");
    }

    @Test
    void bytesOnDiskGrowWithWrites() {
        long before = store.bytesOnDisk().orElseThrow();
        store.write(StoreTestData.generated(3, 40, 3));
        assertThat(store.bytesOnDisk().orElseThrow()).isGreaterThan(before);
    }

    @Test
    void emptyStoreAnswersWithNothing() {
        assertThat(store.domains(NOVEMBER)).isEmpty();
        DomainSummary summary = store.summary("example.com", NOVEMBER);
        assertThat(summary.messages()).isZero();
        assertThat(summary.reports()).isZero();
        assertThat(summary.reporters()).isEmpty();
        assertThat(summary.dispositions()).containsEntry("none", 0L).containsEntry("reject", 0L);
        assertThat(store.sources("example.com", NOVEMBER, new SourceQuery(false, 10)))
                .isEmpty();
        assertThat(store.timeseries("example.com", DAY_RANGE)).containsExactly(new DailyVolume(DAY, 0, 0, 0, 0, 0));
        assertThat(store.reports(null, 10)).isEmpty();
        assertThat(store.report("nope")).isEmpty();
        assertThat(store.containsReport("nope")).isFalse();
    }

    @Test
    void dkimSelectorsSeenSigningADomainsMail() {
        store.write(report(dayHeader("Google", "1", "Example.com", DAY), Source.passing("192.0.2.1", 5)));
        store.write(report(dayHeader("Yahoo", "2", "example.com", DAY), Source.failing("192.0.2.2", 3)));
        store.write(report(dayHeader("Google", "3", "other.example", DAY), Source.passing("192.0.2.3", 3)));

        assertThat(store.dkimSelectors("example.com", DAY_RANGE))
                .containsExactly(new PostureChecker.Selector("example.com", "s1"));
        assertThat(store.dkimSelectors("example.com", new DateRange(DAY.plusDays(1), DAY.plusDays(3))))
                .isEmpty();
        assertThat(store.dkimSelectors("nobody.example", DAY_RANGE)).isEmpty();
    }

    @Test
    void domainsListVolumeAndPassRateLargestFirst() {
        store.write(report(
                dayHeader("Google", "1", "a.example", DAY),
                Source.passing("192.0.2.1", 30),
                Source.failing("192.0.2.2", 10)));
        store.write(report(dayHeader("Google", "2", "b.example", DAY), Source.passing("192.0.2.1", 100)));

        assertThat(store.domains(DAY_RANGE))
                .containsExactly(
                        new DomainOverview("b.example", 100, 100, 1.0), new DomainOverview("a.example", 40, 30, 0.75));
        assertThat(store.domains(new DateRange(DAY.plusDays(1), DAY.plusDays(2))))
                .isEmpty();
    }

    @Test
    void domainsAreMatchedCaseInsensitively() {
        store.write(report(dayHeader("Google", "1", "Example.COM", DAY), Source.passing("192.0.2.1", 5)));
        store.write(report(dayHeader("Yahoo", "2", "example.com", DAY), Source.failing("192.0.2.2", 3)));

        assertThat(store.domains(DAY_RANGE)).extracting(DomainOverview::domain).containsExactly("example.com");
        assertThat(store.summary("EXAMPLE.com", DAY_RANGE).messages()).isEqualTo(8);
        assertThat(store.sources("eXample.Com", DAY_RANGE, new SourceQuery(false, 10)))
                .hasSize(2);
        assertThat(store.timeseries("EXAMPLE.COM", DAY_RANGE).get(0).messages()).isEqualTo(8);
        assertThat(store.reports("Example.Com", 10)).hasSize(2);
    }

    @Test
    void unicodeAndPunycodeNameTheSameDomain() {
        store.write(report(dayHeader("Google", "1", "xn--bcher-kva.example", DAY), Source.passing("192.0.2.1", 5)));
        store.write(report(dayHeader("Yahoo", "2", "Bücher.example", DAY), Source.failing("192.0.2.2", 3)));

        assertThat(store.domains(DAY_RANGE))
                .extracting(DomainOverview::domain)
                .containsExactly("xn--bcher-kva.example");
        assertThat(store.summary("bücher.example", DAY_RANGE).messages()).isEqualTo(8);
        assertThat(store.sources("BÜCHER.example", DAY_RANGE, new SourceQuery(false, 10)))
                .hasSize(2);
        assertThat(store.reports("bücher.example", 10)).hasSize(2);
    }

    @Test
    void countsUpToTheLimitSumExactlyAndLargerOnesAreRefused() {
        store.write(report(
                dayHeader("Google", "1", "example.com", DAY),
                Source.passing("192.0.2.1", 1),
                Source.passing("192.0.2.2", ParserLimits.MAX_RECORD_COUNT)));
        store.write(report(
                dayHeader("Yahoo", "2", "example.com", DAY),
                Source.failing("192.0.2.3", ParserLimits.MAX_RECORD_COUNT)));
        long expected = 2 * ParserLimits.MAX_RECORD_COUNT + 1;
        assertThat(store.summary("example.com", DAY_RANGE).messages()).isEqualTo(expected);
        assertThat(store.domains(DAY_RANGE).get(0).messages()).isEqualTo(expected);
        assertThat(store.timeseries("example.com", DAY_RANGE).get(0).messages()).isEqualTo(expected);

        for (long count : new long[] {Long.MAX_VALUE, ParserLimits.MAX_RECORD_COUNT + 1, -1}) {
            assertThatThrownBy(() -> store.write(report(
                            dayHeader("Evil", "x" + count, "example.com", DAY), Source.passing("192.0.2.9", count))))
                    .hasMessageContaining("has count " + count + ", outside 0.." + ParserLimits.MAX_RECORD_COUNT);
        }
        assertThat(store.summary("example.com", DAY_RANGE).messages()).isEqualTo(expected);
    }

    @Test
    void reportWrittenTwiceIsCountedOnce() {
        List<RecordsMessage> messages = report(
                dayHeader("Google", "1", "example.com", DAY),
                Source.passing("192.0.2.1", 30),
                Source.failing("192.0.2.2", 10));
        store.write(messages);
        Snapshot once = snapshot();
        store.write(messages);
        store.write(messages.subList(0, 1));
        List<RecordsMessage> twiceInOneBatch = new ArrayList<>(messages);
        twiceInOneBatch.addAll(messages);
        store.write(twiceInOneBatch);

        assertThat(snapshot()).isEqualTo(once);
        assertThat(once.summary().messages()).isEqualTo(40);
        assertThat(once.summary().reports()).isEqualTo(1);
        assertThat(store.reports(null, 10)).hasSize(1);
    }

    @Test
    void redeliveredReportWithFreshEnrichmentReplacesTheOldRows() {
        ReportHeader header = dayHeader("Google", "1", "example.com", DAY);
        store.write(report(header, Source.failing("192.0.2.1", 10)));
        store.write(report(header, Source.passing("192.0.2.1", 10)));

        DomainSummary summary = store.summary("example.com", DAY_RANGE);
        assertThat(summary.messages()).isEqualTo(10);
        assertThat(summary.dmarcPass()).isEqualTo(10);
    }

    @Test
    void periodLongerThanADaySpreadsCountsInProportionToTime() {
        // 36 hours: 24 on the 10th, 12 on the 11th; 9 messages split 6 / 3.
        Instant begin = Instant.parse("2026-11-10T00:00:00Z");
        store.write(report(
                header("Google", "1", "example.com", begin, begin.plusSeconds(36 * 3600)),
                Source.passing("192.0.2.1", 9)));
        // 48 hours, 7 messages: 3.5 each, the earlier day takes the odd one.
        store.write(report(
                header("Yahoo", "2", "example.com", begin, begin.plusSeconds(48 * 3600)),
                Source.failing("192.0.2.2", 7)));

        assertThat(store.timeseries("example.com", new DateRange(DAY, DAY.plusDays(2))))
                .containsExactly(
                        new DailyVolume(DAY, 10, 6, 4, 6, 6),
                        new DailyVolume(DAY.plusDays(1), 6, 3, 3, 3, 3),
                        new DailyVolume(DAY.plusDays(2), 0, 0, 0, 0, 0));
        assertThat(store.summary("example.com", new DateRange(DAY.plusDays(1), DAY.plusDays(1)))
                        .messages())
                .isEqualTo(6);
        assertThat(store.summary("example.com", new DateRange(DAY, DAY.plusDays(1)))
                        .messages())
                .isEqualTo(16);
    }

    @Test
    void summaryCountsVerdictsDispositionsAndReporters() {
        store.write(report(
                dayHeader("Google", "1", "example.com", DAY),
                Source.passing("192.0.2.1", 30),
                Source.passing("192.0.2.3", 5).withSpfAligned(false).withDisposition("none"),
                Source.failing("192.0.2.2", 10)));
        store.write(report(
                dayHeader("Yahoo", "2", "example.com", DAY),
                Source.failing("192.0.2.2", 2).withDisposition("quarantine")));
        store.write(report(
                dayHeader("Yahoo", "3", "example.com", DAY),
                Source.passing("192.0.2.1", 1).withDkimAligned(false)));

        DomainSummary summary = store.summary("example.com", DAY_RANGE);
        assertThat(summary.domain()).isEqualTo("example.com");
        assertThat(summary.range()).isEqualTo(DAY_RANGE);
        assertThat(summary.reports()).isEqualTo(3);
        assertThat(summary.messages()).isEqualTo(48);
        assertThat(summary.dmarcPass()).isEqualTo(36);
        assertThat(summary.dmarcFail()).isEqualTo(12);
        assertThat(summary.spfAligned()).isEqualTo(31);
        assertThat(summary.dkimAligned()).isEqualTo(35);
        assertThat(summary.dispositions()).isEqualTo(Map.of("none", 36L, "quarantine", 2L, "reject", 10L, "pass", 0L));
        assertThat(summary.reporters())
                .containsExactly(new ReporterVolume("Google", 1, 45), new ReporterVolume("Yahoo", 2, 3));
    }

    @Test
    void sourcesAreSortedByVolumeAndLimited() {
        store.write(report(
                dayHeader("Google", "1", "example.com", DAY),
                Source.passing("192.0.2.1", 5),
                Source.passing("192.0.2.2", 50),
                Source.failing("192.0.2.3", 20),
                Source.passing("192.0.2.4", 20)));

        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10)))
                .extracting(SourceRow::sourceIp)
                .containsExactly("192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.1");
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, 2)))
                .extracting(SourceRow::sourceIp)
                .containsExactly("192.0.2.2", "192.0.2.3");
    }

    /** Six sources of example.com on DAY: passing, failing (2 and 6), SPF unaligned (3), DKIM unaligned (4). */
    private void writeSourcesOfEveryKind() {
        store.write(report(
                dayHeader("Google", "1", "example.com", DAY),
                Source.passing("192.0.2.1", 50),
                Source.failing("192.0.2.2", 5),
                Source.passing("192.0.2.3", 7).withSpfAligned(false),
                Source.passing("192.0.2.4", 9).withDkimAligned(false),
                Source.passing("192.0.2.5", 1),
                Source.failing("192.0.2.6", 2)));
    }

    @Test
    void failingMeansDmarcFailsAndPartialMeansOneMechanismUnalignedWhileDmarcPasses() {
        writeSourcesOfEveryKind();

        List<SourceRow> failing = store.sources("example.com", DAY_RANGE, new SourceQuery(true, 10));
        assertThat(failing).extracting(SourceRow::sourceIp).containsExactly("192.0.2.2", "192.0.2.6");
        assertThat(failing).allSatisfy(row -> assertThat(row.dmarcFail()).isPositive());
        assertThat(store.sourceCount("example.com", DAY_RANGE, new SourceQuery(true, 10)))
                .isEqualTo(2);
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(true, 1)))
                .extracting(SourceRow::sourceIp)
                .containsExactly("192.0.2.2");

        SourceQuery partial = new SourceQuery(false, true, false, 10);
        List<SourceRow> partialRows = store.sources("example.com", DAY_RANGE, partial);
        assertThat(partialRows).extracting(SourceRow::sourceIp).containsExactly("192.0.2.4", "192.0.2.3");
        assertThat(partialRows).extracting(SourceRow::partial).containsExactly(9L, 7L);
        assertThat(partialRows).extracting(SourceRow::dmarcFail).containsExactly(0L, 0L);
        assertThat(store.sourceCount("example.com", DAY_RANGE, partial)).isEqualTo(2);
        assertThat(store.sourceCount("example.com", DAY_RANGE, new SourceQuery(false, 1)))
                .isEqualTo(6);
    }

    @Test
    void aSourcePageIsTheListAndTheCountOfEveryMatchingSource() {
        writeSourcesOfEveryKind();
        store.write(report(
                dayHeader("Yahoo", "2", "example.com", DAY),
                Source.failing("192.0.2.7", 3),
                Source.passing("192.0.2.1", 4)));

        List<SourceQuery> queries = new ArrayList<>();
        for (int limit : new int[] {1, 2, 3, 6, 7, 8, 100}) {
            queries.add(new SourceQuery(false, limit));
            queries.add(new SourceQuery(true, limit));
            queries.add(new SourceQuery(false, true, false, limit));
            queries.add(new SourceQuery(false, false, true, limit));
            queries.add(new SourceQuery(true, limit, "Yahoo"));
            queries.add(new SourceQuery(false, limit, "Nobody"));
        }
        for (SourceQuery query : queries) {
            for (String domain : List.of("example.com", "EXAMPLE.com", "nothing.example")) {
                SourcePage page = store.sourcePage(domain, DAY_RANGE, query);
                assertThat(page.rows()).as("%s %s", domain, query).isEqualTo(store.sources(domain, DAY_RANGE, query));
                assertThat(page.total())
                        .as("%s %s", domain, query)
                        .isEqualTo(store.sourceCount(domain, DAY_RANGE, query));
            }
        }
        assertThat(store.sourcePage("example.com", DAY_RANGE, new SourceQuery(false, 2)))
                .extracting(SourcePage::total)
                .isEqualTo(7L);
        assertThat(store.sourcePage("example.com", DAY_RANGE, new SourceQuery(true, 2))
                        .total())
                .isEqualTo(3);
        assertThat(store.sourcePage(
                        "example.com", new DateRange(DAY.plusDays(1), DAY.plusDays(2)), new SourceQuery(true, 2)))
                .isEqualTo(new SourcePage(List.of(), 0));
    }

    @Test
    void firstSeenIsTheFirstDayWithMessagesEvenWhenTheReportBeganTheDayBefore() {
        // IKEA-style windows, 22:00 to 22:00 UTC: the report of 2024-03-31 22:00 .. 2024-04-01 22:00 counts 1/12 of
        // its messages on Sunday (W13) and 11/12 on Monday (W14).
        LocalDate sunday = LocalDate.parse("2024-03-31");
        Instant begin = sunday.atTime(22, 0).toInstant(java.time.ZoneOffset.UTC);
        store.write(report(
                header("IKEA", "ikea-1", "example.com", begin, begin.plusSeconds(86_400)),
                Source.failing("203.0.113.5", 12),
                Source.failing("203.0.113.6", 1)));
        store.write(
                report(dayHeader("Google", "g-1", "example.com", sunday.minusDays(3)), Source.passing("192.0.2.1", 1)));

        // 203.0.113.5 has messages on Sunday, so it is new in W13; 203.0.113.6's one message lands on Monday.
        assertThat(store.weekly("example.com", "2024-W13").newSources())
                .extracting(SourceRow::sourceIp)
                .containsExactly("192.0.2.1", "203.0.113.5");
        WeeklyData w14 = store.weekly("example.com", "2024-W14");
        assertThat(w14.newSources()).extracting(SourceRow::sourceIp).containsExactly("203.0.113.6");
        assertThat(w14.newSourceCount()).isEqualTo(1);
        assertThat(w14.sources())
                .extracting(SourceRow::sourceIp, SourceRow::firstSeen)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("203.0.113.5", sunday),
                        org.assertj.core.groups.Tuple.tuple("203.0.113.6", sunday.plusDays(1)));
        assertThat(store.sources("example.com", new DateRange(sunday, sunday), new SourceQuery(false, false, true, 10)))
                .extracting(SourceRow::sourceIp)
                .containsExactly("203.0.113.5");

        // An earlier report arriving later moves first-seen back; a later one leaves it there.
        store.write(report(
                dayHeader("Google", "g-0", "example.com", sunday.minusDays(20)), Source.passing("203.0.113.6", 1)));
        assertThat(store.weekly("example.com", "2024-W14").newSources()).isEmpty();
        store.write(report(
                dayHeader("Google", "g-2", "example.com", sunday.plusDays(3)), Source.passing("203.0.113.6", 1)));
        assertThat(store.weekly("example.com", "2024-W14").sources())
                .extracting(SourceRow::sourceIp, SourceRow::firstSeen)
                .contains(org.assertj.core.groups.Tuple.tuple("203.0.113.6", sunday.minusDays(20)));
    }

    @Test
    void weeklyDataCountsEverySourceItLists() {
        LocalDate monday = LocalDate.parse("2026-11-09");
        store.write(report(
                dayHeader("Google", "1", "example.com", monday),
                Source.passing("192.0.2.1", 10),
                Source.failing("192.0.2.2", 3),
                Source.failing("192.0.2.3", 2)));
        WeeklyData weekly = store.weekly("example.com", "2026-W46");
        assertThat(weekly.sourceCount()).isEqualTo(3);
        assertThat(weekly.failingSourceCount()).isEqualTo(2);
        assertThat(weekly.failingSources()).extracting(SourceRow::sourceIp).containsExactly("192.0.2.2", "192.0.2.3");
    }

    @Test
    void sourceDetailBreaksTheSourceDownAndCountsTheRangeShareOnly() {
        Instant begin = DAY.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
        // 12:00 .. 12:00 the next day: half of the 10 messages on DAY, half the day after.
        store.write(report(
                header("IKEA", "i-1", "example.com", begin, begin.plusSeconds(86_400)),
                Source.failing("192.0.2.7", 10)));
        store.write(report(dayHeader("Google", "g-1", "example.com", DAY), Source.passing("192.0.2.7", 3)));
        store.write(report(dayHeader("Google", "g-2", "example.com", DAY), Source.passing("192.0.2.8", 3)));

        SourceDetail detail =
                store.sourceDetail("Example.com", "192.0.2.7", DAY_RANGE).orElseThrow();
        assertThat(detail.source().messages()).isEqualTo(8);
        assertThat(detail.source().dmarcFail()).isEqualTo(5);
        assertThat(detail.recordsTotal()).isEqualTo(2);
        assertThat(detail.recordsOmitted()).isZero();
        assertThat(detail.records()).extracting(StoredRecord::orgName).containsExactly("IKEA", "Google");
        assertThat(detail.reporters())
                .containsExactly(
                        new SourceDetail.Breakdown("IKEA", 5, 5, DAY, DAY),
                        new SourceDetail.Breakdown("Google", 3, 0, DAY, DAY));
        assertThat(detail.headerFrom()).containsExactly(new SourceDetail.Breakdown("example.com", 8, 5, DAY, DAY));
        assertThat(detail.envelopeFrom())
                .extracting(SourceDetail.Breakdown::value)
                .containsExactly("bounce.example.com");
        assertThat(detail.dkim())
                .extracting(SourceDetail.Breakdown::value, SourceDetail.Breakdown::messages)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("example.com selector s1: fail", 5L),
                        org.assertj.core.groups.Tuple.tuple("example.com selector s1: pass", 3L));
        assertThat(detail.spf())
                .extracting(SourceDetail.Breakdown::value)
                .containsExactly("bounce.example.com (mfrom): fail", "bounce.example.com (mfrom): pass");
        assertThat(detail.daily()).containsExactly(new DailyVolume(DAY, 8, 3, 5, 3, 3));
        assertThat(detail.dkimKeys())
                .extracting(Object::toString)
                .containsExactly("DKIM selector s1 for example.com: key found (rsa 2048 bits)");
        assertThat(detail.serviceType()).isEqualTo("esp");

        assertThat(store.sourceDetail("example.com", "192.0.2.99", DAY_RANGE)).isEmpty();
        assertThat(store.sourceDetail("example.com", "192.0.2.7", new DateRange(DAY.minusDays(5), DAY.minusDays(1))))
                .isEmpty();
    }

    @Test
    void reportRecordsArePagedInReportOrder() {
        ReportHeader header = dayHeader("Google", "1", "example.com", DAY);
        Source[] sources = new Source[7];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = Source.passing("192.0.2." + (i + 1), i + 1);
        }
        store.write(report(header, sources));

        List<StoredRecord> first = store.reportRecords(header.reportUid(), 0, 3);
        assertThat(first).extracting(StoredRecord::position).containsExactly(0L, 1L, 2L);
        assertThat(first.get(0).record().sourceIp()).isEqualTo("192.0.2.1");
        assertThat(first.get(0).record().dkimResults()).hasSize(1);
        assertThat(first.get(0).enrichment().spfDomain()).isEqualTo("bounce.example.com");
        assertThat(first.get(0).enrichment().classification()).isEqualTo(Classification.ALIGNED);
        assertThat(first.get(0))
                .isEqualTo(new StoredRecord(
                        header.reportUid(),
                        0,
                        "Google",
                        header.begin(),
                        header.end(),
                        StoreTestData.record(header, 0, sources[0]).record(),
                        StoreTestData.record(header, 0, sources[0]).enrichment()));
        assertThat(store.reportRecords(header.reportUid(), 6, 3))
                .extracting(r -> r.record().count())
                .containsExactly(7L);
        assertThat(store.reportRecords(header.reportUid(), 7, 3)).isEmpty();
        assertThat(store.reportRecords("ffff", 0, 3)).isEmpty();
        assertThatThrownBy(() -> store.reportRecords(header.reportUid(), -1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void sourceRowCarriesCountsLatestEnrichmentMajorityClassificationAndFirstSeen() {
        Instant older = Instant.parse("2026-11-01T00:00:00Z");
        Instant newer = Instant.parse("2026-11-15T00:00:00Z");
        store.write(report(
                dayHeader("Google", "0", "example.com", DAY.minusDays(30)),
                Source.passing("192.0.2.1", 1)
                        .withEnrichment("ancient.example.net", "Ancient", "fail", older.minusSeconds(86_400))));
        store.write(report(
                dayHeader("Google", "1", "example.com", DAY),
                Source.passing("192.0.2.1", 10).withEnrichment("new.example.net", "New", "pass", newer),
                Source.passing("192.0.2.1", 4)
                        .withSpfAligned(false)
                        .withClassification(Classification.FORWARDED)
                        .withEnrichment("old.example.net", "Old", "fail", older)));
        store.write(report(
                dayHeader("Yahoo", "2", "example.com", DAY),
                Source.failing("192.0.2.1", 3).withEnrichment(null, null, null, null)));

        SourceRow row = store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10))
                .get(0);
        assertThat(row)
                .isEqualTo(new SourceRow(
                        "192.0.2.1",
                        "new.example.net",
                        true,
                        "example.net",
                        "New",
                        17,
                        14,
                        3,
                        10,
                        14,
                        4,
                        0,
                        "pass",
                        "ip4:192.0.2.1",
                        List.of(new DkimKeyCheck("example.com", "s1", DkimKeyStatus.FOUND, "rsa", 2048, false)),
                        "aligned",
                        DAY.minusDays(30)));
    }

    @Test
    void theLatestEnrichmentComesFromTheRowsTheCountsCameFrom() {
        Instant newer = Instant.parse("2026-11-15T00:00:00Z");
        store.write(report(
                dayHeader("Google", "1", "example.com", DAY),
                Source.passing("192.0.2.1", 10).withEnrichment("new.example.net", "New", "pass", newer)));
        store.write(report(
                dayHeader("Yahoo", "2", "example.com", DAY),
                Source.failing("192.0.2.1", 3)
                        .withEnrichment("yahoo-saw.example.net", "Seen", "fail", newer.minusSeconds(86_400))));
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10, "Yahoo"))
                        .get(0)
                        .ptrName())
                .isEqualTo("yahoo-saw.example.net");
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10))
                        .get(0)
                        .ptrName())
                .isEqualTo("new.example.net");
    }

    @Test
    void aPageOfMoreSourcesThanOneLookupNamesHasEachSourcesOwnEnrichment() {
        int sources = 2_345;
        Source[] rows = new Source[sources];
        for (int i = 0; i < sources; i++) {
            String ip = "10." + (i / 250) + "." + (i % 250) + ".1";
            rows[i] = Source.failing(ip, 1 + i)
                    .withEnrichment(
                            "host-" + i + ".example.net",
                            "Service " + i,
                            "fail",
                            Instant.parse("2026-11-10T12:00:00Z"));
        }
        store.write(report(dayHeader("Google", "many", "example.com", DAY), rows));
        List<SourceRow> listed = store.sources("example.com", DAY_RANGE, new SourceQuery(true, sources));
        assertThat(listed).hasSize(sources);
        for (SourceRow row : listed) {
            int i = (int) row.messages() - 1;
            assertThat(row.sourceIp()).isEqualTo("10." + (i / 250) + "." + (i % 250) + ".1");
            assertThat(row.ptrName()).as(row.sourceIp()).isEqualTo("host-" + i + ".example.net");
            assertThat(row.service()).as(row.sourceIp()).isEqualTo("Service " + i);
        }
    }

    @Test
    void sourceNeverCheckedHasNullEnrichment() {
        store.write(report(
                dayHeader("Google", "1", "example.com", DAY),
                Source.failing("192.0.2.9", 3).withEnrichment(null, null, null, null)));

        SourceRow row = store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10))
                .get(0);
        assertThat(row.ptrName()).isNull();
        assertThat(row.service()).isNull();
        assertThat(row.freshSpfResult()).isNull();
        assertThat(row.classification()).isEqualTo("unauthorized");
    }

    @Test
    void timeseriesHasEveryDayOfTheRange() {
        store.write(report(dayHeader("Google", "1", "example.com", DAY), Source.passing("192.0.2.1", 3)));
        store.write(report(dayHeader("Google", "2", "example.com", DAY.plusDays(2)), Source.failing("192.0.2.2", 2)));

        assertThat(store.timeseries("example.com", new DateRange(DAY.minusDays(1), DAY.plusDays(3))))
                .containsExactly(
                        new DailyVolume(DAY.minusDays(1), 0, 0, 0, 0, 0),
                        new DailyVolume(DAY, 3, 3, 0, 3, 3),
                        new DailyVolume(DAY.plusDays(1), 0, 0, 0, 0, 0),
                        new DailyVolume(DAY.plusDays(2), 2, 0, 2, 0, 0),
                        new DailyVolume(DAY.plusDays(3), 0, 0, 0, 0, 0));
    }

    @Test
    void timeseriesCountsSpfAndDkimAlignmentPerDay() {
        store.write(report(
                dayHeader("Google", "1", "example.com", DAY),
                Source.passing("192.0.2.1", 10),
                Source.passing("192.0.2.2", 4).withSpfAligned(false),
                Source.passing("192.0.2.3", 3).withDkimAligned(false),
                Source.failing("192.0.2.4", 2)));

        assertThat(store.timeseries("example.com", DAY_RANGE)).containsExactly(new DailyVolume(DAY, 19, 17, 2, 13, 14));
    }

    @Test
    void sourcesOfOneReporterCountOnlyItsVolume() {
        store.write(report(
                dayHeader("Google", "1", "example.com", DAY),
                Source.passing("192.0.2.1", 30),
                Source.failing("192.0.2.2", 10)));
        store.write(report(dayHeader("Yahoo", "2", "example.com", DAY), Source.passing("192.0.2.1", 7)));

        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10, "Yahoo")))
                .extracting(SourceRow::sourceIp, SourceRow::messages)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("192.0.2.1", 7L));
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10, "Google")))
                .extracting(SourceRow::messages)
                .containsExactly(30L, 10L);
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10, "Nobody")))
                .isEmpty();
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10, "")))
                .extracting(SourceRow::messages)
                .containsExactly(37L, 10L);
    }

    @Test
    void rangeSelectsDaysInclusively() {
        for (int i = 0; i < 5; i++) {
            store.write(report(
                    dayHeader("Google", "r" + i, "example.com", DAY.plusDays(i)),
                    Source.passing("192.0.2.1", 1L << i)));
        }
        assertThat(store.summary("example.com", new DateRange(DAY.plusDays(1), DAY.plusDays(3)))
                        .messages())
                .isEqualTo(2 + 4 + 8);
        assertThat(store.summary("example.com", new DateRange(DAY.plusDays(1), DAY.plusDays(3)))
                        .reports())
                .isEqualTo(3);
    }

    @Test
    void weeklyDataHasThisAndPreviousWeekAndNewSources() {
        // 2026-W46 is Monday 2026-11-09 .. Sunday 2026-11-15.
        LocalDate monday = LocalDate.parse("2026-11-09");
        store.write(
                report(dayHeader("Google", "1", "example.com", monday.minusDays(3)), Source.passing("192.0.2.1", 10)));
        store.write(report(
                dayHeader("Google", "2", "example.com", monday.plusDays(1)),
                Source.passing("192.0.2.1", 20),
                Source.failing("192.0.2.66", 4)));
        store.write(
                report(dayHeader("Google", "3", "example.com", monday.plusDays(7)), Source.failing("192.0.2.77", 4)));

        WeeklyData weekly = store.weekly("Example.com", "2026-W46");
        assertThat(weekly.domain()).isEqualTo("example.com");
        assertThat(weekly.week()).isEqualTo("2026-W46");
        assertThat(weekly.thisWeek().messages()).isEqualTo(24);
        assertThat(weekly.thisWeek().range()).isEqualTo(new DateRange(monday, monday.plusDays(6)));
        assertThat(weekly.previousWeek().messages()).isEqualTo(10);
        assertThat(weekly.sources()).extracting(SourceRow::sourceIp).containsExactly("192.0.2.1", "192.0.2.66");
        assertThat(weekly.newSources()).extracting(SourceRow::sourceIp).containsExactly("192.0.2.66");
        assertThat(weekly.daily()).hasSize(7);
        assertThat(weekly.daily().get(1)).isEqualTo(new DailyVolume(monday.plusDays(1), 24, 20, 4, 20, 20));
        assertThat(weekly.policy()).isNotNull();
        assertThat(weekly.policy().p()).isEqualTo("reject");
        assertThat(weekly.policy().pct()).isEqualTo(100);
    }

    @Test
    void weeklyRejectsMalformedWeeks() {
        assertThatThrownBy(() -> store.weekly("example.com", "2026-46"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-46");
        assertThatThrownBy(() -> store.weekly("example.com", "2026-W54"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-W54");
    }

    @Test
    void reportsAreListedNewestFirstAndFoundByUid() {
        ReportHeader first = dayHeader("Google", "1", "a.example", DAY);
        ReportHeader second = dayHeader("Yahoo", "2", "b.example", DAY.plusDays(1));
        store.write(report(first, Source.passing("192.0.2.1", 3), Source.failing("192.0.2.2", 4)));
        store.write(report(second, Source.passing("192.0.2.1", 1)));

        assertThat(store.reports(null, 10))
                .extracting(ReportInfo::reportUid)
                .containsExactly(second.reportUid(), first.reportUid());
        assertThat(store.reports(null, 1)).hasSize(1);
        assertThat(store.reports("A.example", 10))
                .extracting(ReportInfo::reportUid)
                .containsExactly(first.reportUid());
        ReportInfo info = store.report(first.reportUid()).orElseThrow();
        assertThat(info)
                .isEqualTo(new ReportInfo(
                        first.reportUid(),
                        "Google",
                        first.orgEmail(),
                        "1",
                        "a.example",
                        first.begin(),
                        first.end(),
                        "rfc7489",
                        2,
                        7,
                        List.of(),
                        "test/1.xml",
                        "00".repeat(32),
                        ReportInfo.COMPLETE,
                        null));
    }

    @Test
    void reportIsContainedOnlyOnceItsCompletionIsWritten() {
        List<RecordsMessage> messages =
                report(dayHeader("Google", "1", "example.com", DAY), Source.passing("192.0.2.1", 3));
        String uid = messages.get(0).reportUid();
        store.write(messages.subList(0, messages.size() - 1));
        assertThat(store.containsReport(uid)).isFalse();
        store.write(messages.subList(messages.size() - 1, messages.size()));
        assertThat(store.containsReport(uid)).isTrue();
    }

    @Test
    void recordsOfAReportThatNeverCompletedCountInNoQuery() {
        ReportHeader header = dayHeader("Google", "half", "example.com", DAY);
        List<RecordsMessage> intact = report(header, Source.passing("192.0.2.1", 30), Source.failing("192.0.2.2", 12));
        // the input failed after the first record: that record was written, then the rejection
        store.write(List.of(intact.get(0), ReportRejected.of(header, 1, "truncated: the data ends inside a gzip")));

        assertNothingCounted();
        assertThat(store.containsReport(header.reportUid())).isFalse();
        assertThat(store.reports(null, 10)).singleElement().satisfies(info -> {
            assertThat(info.status()).isEqualTo(ReportInfo.REJECTED);
            assertThat(info.rejection()).isEqualTo("truncated: the data ends inside a gzip");
            assertThat(info.records()).isEqualTo(1);
            assertThat(info.messages()).isZero();
        });
        assertThat(store.report(header.reportUid()).orElseThrow().status()).isEqualTo(ReportInfo.REJECTED);

        store.write(intact);
        store.write(intact);

        assertThat(store.summary("example.com", DAY_RANGE).messages()).isEqualTo(42);
        assertThat(store.domains(DAY_RANGE))
                .extracting(DomainOverview::messages)
                .containsExactly(42L);
        assertThat(store.reports(null, 10)).singleElement().satisfies(info -> {
            assertThat(info.status()).isEqualTo(ReportInfo.COMPLETE);
            assertThat(info.rejection()).isNull();
            assertThat(info.messages()).isEqualTo(42);
        });
    }

    @Test
    void aRejectedReportNeverMakesASourceFirstSeen() {
        // 192.0.2.9 is in a report rejected part-way on DAY - 2, then in a complete report on DAY
        ReportHeader early = dayHeader("Google", "early-broken", "example.com", DAY.minusDays(2));
        List<RecordsMessage> broken = report(early, Source.failing("192.0.2.9", 5));
        store.write(List.of(broken.get(0), ReportRejected.of(early, 1, "truncated: the data ends inside a gzip")));
        // records written before their report completes (a long report over several batches) do not count yet
        List<RecordsMessage> later =
                report(dayHeader("Yahoo", "later", "example.com", DAY), Source.failing("192.0.2.9", 3));
        store.write(later.subList(0, later.size() - 1));
        store.write(later.subList(later.size() - 1, later.size()));

        DateRange wide = new DateRange(DAY.minusDays(6), DAY);
        assertThat(store.sources("example.com", wide, new SourceQuery(false, 10)))
                .extracting(SourceRow::sourceIp, SourceRow::firstSeen)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("192.0.2.9", DAY));
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, false, true, 10)))
                .extracting(SourceRow::sourceIp)
                .containsExactly("192.0.2.9");

        // the intact early report sent later moves first seen back
        store.write(report(early, Source.failing("192.0.2.9", 5)));
        assertThat(store.sources("example.com", wide, new SourceQuery(false, 10)))
                .extracting(SourceRow::firstSeen)
                .containsExactly(DAY.minusDays(2));
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, false, true, 10)))
                .isEmpty();
    }

    private void assertNothingCounted() {
        assertThat(store.domains(DAY_RANGE)).isEmpty();
        assertThat(store.summary("example.com", DAY_RANGE).messages()).isZero();
        assertThat(store.sources("example.com", DAY_RANGE, new SourceQuery(false, 10)))
                .isEmpty();
        assertThat(store.timeseries("example.com", DAY_RANGE)).containsExactly(new DailyVolume(DAY, 0, 0, 0, 0, 0));
        assertThat(store.weekly("example.com", "2026-W46").thisWeek().messages())
                .isZero();
        assertThat(store.storedDomains()).isEmpty();
    }

    @Test
    void valuesWithQuotesBackslashesAndUnicodeRoundTrip() {
        String org = "O'Brien \\ \"Mail\" \n ünïcødé 📬 \u0000 end";
        ReportHeader header = dayHeader(org, "id'; DROP TABLE records; --", "example.com", DAY);
        store.write(report(header, Source.passing("192.0.2.1", 3)));

        String stored = org.replace('\u0000', '\uFFFD');
        assertThat(store.summary("example.com", DAY_RANGE).reporters())
                .extracting(ReporterVolume::orgName)
                .containsExactly(stored);
        assertThat(store.report(header.reportUid()).orElseThrow().reportId()).isEqualTo("id'; DROP TABLE records; --");
        assertThat(store.summary("x' OR '1'='1", DAY_RANGE).messages()).isZero();
    }

    @Test
    void storedDomainsSpanTheDaysTheirMessagesAreCountedOn() {
        assertThat(store.storedDomains()).isEmpty();
        store.write(report(dayHeader("Google", "1", "b.example", DAY), Source.passing("192.0.2.1", 5)));
        store.write(report(dayHeader("Google", "2", "b.example", DAY.plusDays(400)), Source.failing("192.0.2.2", 1)));
        // 22:00 to 22:00 UTC: counted on two days, the way a whole-day report is not
        store.write(report(
                header(
                        "Yahoo",
                        "3",
                        "A.example",
                        Instant.parse("2026-11-06T22:00:00Z"),
                        Instant.parse("2026-11-07T22:00:00Z")),
                Source.passing("192.0.2.3", 24)));

        assertThat(store.storedDomains())
                .containsExactly(
                        new StoredDomain("a.example", LocalDate.parse("2026-11-06"), LocalDate.parse("2026-11-07")),
                        new StoredDomain("b.example", DAY, DAY.plusDays(400)));
    }

    @Test
    void closeCanBeCalledTwice() {
        store.close();
        store.close();
        store = null;
    }

    @Test
    void generatedDataAnswersConsistently() {
        List<RecordsMessage> messages = StoreTestData.generated(7, 60, 3);
        store.write(messages);
        long total = store.domains(new DateRange(LocalDate.parse("2026-10-20"), LocalDate.parse("2026-12-31"))).stream()
                .mapToLong(DomainOverview::messages)
                .sum();
        long expected = messages.stream()
                .filter(m -> m instanceof io.ruaflow.enricher.EnrichedRecord)
                .mapToLong(
                        m -> ((io.ruaflow.enricher.EnrichedRecord) m).record().count())
                .sum();
        assertThat(total).isEqualTo(expected);
    }

    record Snapshot(
            List<DomainOverview> domains,
            DomainSummary summary,
            List<SourceRow> sources,
            List<DailyVolume> daily,
            List<ReportInfo> reports) {}

    Snapshot snapshot() {
        return new Snapshot(
                store.domains(DAY_RANGE),
                store.summary("example.com", DAY_RANGE),
                store.sources("example.com", DAY_RANGE, new SourceQuery(false, 100)),
                store.timeseries("example.com", DAY_RANGE),
                store.reports(null, 100));
    }

    private static final Instant FIRED = Instant.parse("2026-11-10T08:00:00Z");

    private static AlertState.AlertClaim alert(String key, String claim, String domain, Instant at) {
        return new AlertState.AlertClaim(
                key, claim, "new_source", domain, "192.0.2.9", "new source 192.0.2.9: 500 messages", "{}", at);
    }

    @Test
    void anAlertIsClaimedOnceAndListedWithItsLatestDeliveryPerChannel() {
        String key = "new_source|example.com|192.0.2.9";
        assertThat(store.claim(alert(key, "b", "Example.COM", FIRED))).isTrue();
        assertThat(store.claim(alert(key, "a", "example.com", FIRED)))
                .as("an earlier token, too late")
                .isFalse();
        assertThat(store.claim(alert(key, "c", "example.com", FIRED.plusSeconds(60))))
                .isFalse();
        assertThat(store.claim(alert("new_source|other.example|192.0.2.7", "d", "other.example", FIRED.plusSeconds(5))))
                .isTrue();
        store.recordDelivery(
                key, new AlertState.AlertDelivery("webhook", "failed", 1, "HTTP 503", FIRED.plusSeconds(1)));
        store.recordDelivery(key, new AlertState.AlertDelivery("mail", "delivered", 1, "", FIRED.plusSeconds(2)));
        store.recordDelivery(
                key, new AlertState.AlertDelivery("webhook", "delivered", 2, "HTTP 200", FIRED.plusSeconds(3)));

        List<AlertState.StoredAlert> mine = store.alerts("EXAMPLE.com", 10);
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).domain()).isEqualTo("example.com");
        assertThat(mine.get(0).firedAt()).isEqualTo(FIRED);
        assertThat(mine.get(0).summary()).isEqualTo("new source 192.0.2.9: 500 messages");
        assertThat(mine.get(0).deliveries())
                .extracting(AlertState.AlertDelivery::channel, AlertState.AlertDelivery::outcome, d -> d.attempts())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("webhook", "delivered", 2),
                        org.assertj.core.groups.Tuple.tuple("mail", "delivered", 1));
        assertThat(store.alerts(null, 10))
                .extracting(AlertState.StoredAlert::domain)
                .containsExactly("other.example", "example.com");
        assertThat(store.alerts(null, 1)).hasSize(1);
        assertThatThrownBy(() -> store.alerts(null, AlertState.MAX_ALERTS + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAX_ALERTS");
    }

    @Test
    void concurrentClaimsOfOneAlertHaveOneWinner() throws Exception {
        String key = "reporter_stopped|example.com|google.com|2026-11-09";
        List<java.util.concurrent.Future<Boolean>> claims = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 8; i++) {
                String token = "t" + i;
                claims.add(pool.submit(() -> store.claim(alert(key, token, "example.com", FIRED))));
            }
            int winners = 0;
            for (var claim : claims) {
                winners += claim.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.alerts("example.com", 10)).hasSize(1);
    }

    @Test
    void thePostureBaselineKeepsTheLatestValueOfEachAspect() {
        assertThat(store.postureBaseline("example.com")).isEmpty();
        store.recordPostureBaseline("Example.com", Map.of("spf", "v=spf1 -all", "dmarc.p", "none"), FIRED);
        store.recordPostureBaseline("example.com", Map.of("spf", "v=spf1 mx -all"), FIRED.plusSeconds(60));
        store.recordPostureBaseline("other.example", Map.of("spf", "v=spf1 ?all"), FIRED.plusSeconds(90));

        assertThat(store.postureBaseline("example.com"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("spf", "v=spf1 mx -all", "dmarc.p", "none"));
    }

    @Test
    void theOrganizationalDomainMethodIsStoredWithEachRecord() {
        store.write(report(dayHeader("Google", "1", "example.com", DAY), Source.failing("192.0.2.9", 5)));
        assertThat(store.sourceDetail("example.com", "192.0.2.9", DAY_RANGE)
                        .orElseThrow()
                        .records()
                        .get(0)
                        .enrichment()
                        .orgDomainMethod())
                .isEqualTo(io.ruaflow.enricher.OrgDomainMethod.TREEWALK);
        assertThat(store.reportRecords(store.reports(null, 1).get(0).reportUid(), 0, 10)
                        .get(0)
                        .enrichment()
                        .orgDomainMethod())
                .isEqualTo(io.ruaflow.enricher.OrgDomainMethod.TREEWALK);
    }

    @Test
    void failureReportsAreStoredOnceAndListedNewestFirst() {
        List<io.ruaflow.parser.FailureReport> reports = StoreTestData.failures(5, 12);
        store.writeFailures(reports);
        store.writeFailures(reports.subList(0, 5)); // a redelivery
        DateRange week = new DateRange(StoreTestData.FAILURES_FROM, StoreTestData.FAILURES_FROM.plusDays(6));
        for (String domain :
                reports.stream().map(r -> r.reportedDomain()).distinct().toList()) {
            List<io.ruaflow.parser.FailureReport> expected = reports.stream()
                    .filter(r -> r.reportedDomain().equals(domain))
                    .sorted(java.util.Comparator.comparing(io.ruaflow.parser.FailureReport::arrivalDate)
                            .reversed())
                    .toList();
            List<FailureRow> rows = store.failures(domain.toUpperCase(java.util.Locale.ROOT), week, 100);
            assertThat(rows)
                    .extracting(FailureRow::reportUid)
                    .containsExactlyElementsOf(
                            expected.stream().map(r -> r.reportUid()).toList());
            FailureRow first = rows.get(0);
            io.ruaflow.parser.FailureReport source = expected.get(0);
            assertThat(first.arrival()).isEqualTo(source.arrivalDate());
            assertThat(first.sourceIp()).isEqualTo(source.sourceIp());
            assertThat(first.from()).isEqualTo(source.from()).contains("redacted@");
            assertThat(first.subject()).isEqualTo(source.subject());
            assertThat(first.authFailures()).containsExactly("dmarc");
            assertThat(first.ptrName())
                    .isEqualTo(
                            source.recheck() == null ? null : source.recheck().ptrName());
            assertThat(first.ptrConfirmed())
                    .isEqualTo(
                            source.recheck() == null ? null : source.recheck().ptrConfirmed());

            List<FailureSource> sources = store.failureSources(domain, week);
            Map<String, Long> byIp = new java.util.TreeMap<>();
            expected.forEach(r -> byIp.merge(r.sourceIp(), 1L, Long::sum));
            assertThat(sources).hasSize(byIp.size());
            for (FailureSource s : sources) {
                assertThat(s.failures()).as(s.sourceIp()).isEqualTo(byIp.get(s.sourceIp()));
                assertThat(s.subjectSamples()).isNotEmpty().hasSizeLessThanOrEqualTo(FailureSource.MAX_SAMPLES);
            }
        }
        assertThat(store.failureHeaders(reports.get(0).reportUid()))
                .contains(reports.get(0).headers());
        assertThat(store.failureHeaders("no-such-uid")).isEmpty();
        assertThat(store.hasReports(reports.get(0).reportedDomain()))
                .as("known by its failure reports")
                .isTrue();
        assertThat(store.reports(reports.get(0).reportedDomain(), 1)).isEmpty();
        assertThat(store.hasReports("other.example")).isFalse();
        java.time.LocalDate firstArrival = reports.stream()
                .filter(r -> r.reportedDomain().equals(reports.get(0).reportedDomain()))
                .map(r -> r.arrivalDate().atZone(java.time.ZoneOffset.UTC).toLocalDate())
                .min(java.util.Comparator.naturalOrder())
                .orElseThrow();
        assertThat(store.reportDays(reports.get(0).reportedDomain())
                        .orElseThrow()
                        .firstDay())
                .isEqualTo(firstArrival);
        assertThat(store.reportDays("other.example")).isEmpty();
        assertThat(store.domains(week))
                .as("failure-only domains are listed with no messages")
                .extracting(DomainOverview::domain)
                .containsExactlyElementsOf(reports.stream()
                        .map(r -> r.reportedDomain())
                        .distinct()
                        .sorted()
                        .toList());
        assertThat(store.domains(week)).allMatch(d -> d.messages() == 0);
        assertThat(store.failures("other.example", week, 10)).isEmpty();
        assertThat(store.failures(
                        reports.get(0).reportedDomain(), new DateRange(DAY.plusYears(1), DAY.plusYears(1)), 10))
                .isEmpty();
    }

    @Test
    void failureRetentionDeletesWhatArrivedBeforeTheCutoff() {
        List<io.ruaflow.parser.FailureReport> reports = StoreTestData.failures(9, 14);
        store.writeFailures(reports);
        Instant cutoff = StoreTestData.FAILURES_FROM
                .plusDays(3)
                .atStartOfDay(java.time.ZoneOffset.UTC)
                .toInstant();
        long older =
                reports.stream().filter(r -> r.arrivalDate().isBefore(cutoff)).count();
        assertThat(older).isBetween(1L, 13L);
        assertThat(store.deleteFailuresArrivedBefore(cutoff)).isEqualTo(older);
        assertThat(store.deleteFailuresArrivedBefore(cutoff)).isZero();
        DateRange week = new DateRange(StoreTestData.FAILURES_FROM, StoreTestData.FAILURES_FROM.plusDays(6));
        long left = reports.stream()
                .map(r -> r.reportedDomain())
                .distinct()
                .mapToLong(d -> store.failures(d, week, 100).size())
                .sum();
        assertThat(left).isEqualTo(reports.size() - older);
    }
}
