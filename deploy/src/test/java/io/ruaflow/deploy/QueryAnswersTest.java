package io.ruaflow.deploy;

import static io.ruaflow.deploy.ImportQueryCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.deploy.ImportQueryCommandTest.Result;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.StoreTestData;
import io.ruaflow.store.testing.StoreTestData.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No silent zeros: unknown domains, missing stores and empty ranges are said, and --to defaults to today. */
class QueryAnswersTest {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final LocalDate ARCHIVE_DAY = LocalDate.parse("2024-03-11");

    @TempDir
    Path dir;

    private String store(LocalDate... days) {
        String url = "duckdb:" + dir.resolve("q.duckdb");
        try (ReportStore store = ReportStores.open(url)) {
            int n = 0;
            for (LocalDate day : days) {
                store.write(StoreTestData.report(
                        ReportBuilder.dayHeader("google.com", "r" + n++, "example.com", day),
                        Source.passing("192.0.2.1", 10),
                        Source.failing("203.0.113.5", 2)));
            }
            store.write(StoreTestData.report(
                    ReportBuilder.dayHeader("google.com", "other", "other.example", days[0]),
                    Source.passing("192.0.2.1", 1)));
        }
        return url;
    }

    @Test
    void toDefaultsToTodayWhenOnlyFromIsGiven() {
        String store = store(TODAY.minusDays(5));
        LocalDate from = TODAY.minusDays(10);

        Result result = run(
                "query",
                "summary",
                "--store",
                store,
                "--domain",
                "example.com",
                "--from",
                from.toString(),
                "--format",
                "csv");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines()).contains("from," + from, "to," + TODAY);
    }

    @Test
    void failingPartialAndNewUseTheSameWordsAsTheApi() {
        String store = store(TODAY.minusDays(5));
        Result failing =
                run("query", "sources", "--store", store, "--domain", "example.com", "--failing", "--format", "csv");
        assertThat(failing.exit()).as(failing.err()).isZero();
        assertThat(failing.out().lines().skip(1)).singleElement().asString().startsWith("203.0.113.5,");
        Result partial =
                run("query", "sources", "--store", store, "--domain", "example.com", "--partial", "--format", "csv");
        assertThat(partial.exit()).as(partial.err()).isZero();
        assertThat(partial.out().lines().skip(1)).isEmpty();
        // Seen ten days ago and five days ago: from five days ago on, both IPs send, but neither is new.
        String twice = store(TODAY.minusDays(10), TODAY.minusDays(5));
        String from = TODAY.minusDays(5).toString();
        Result all =
                run("query", "sources", "--store", twice, "--domain", "example.com", "--from", from, "--format", "csv");
        assertThat(all.out().lines().skip(1)).hasSize(2);
        Result fresh = run(
                "query",
                "sources",
                "--store",
                twice,
                "--domain",
                "example.com",
                "--new",
                "--from",
                from,
                "--format",
                "csv");
        assertThat(fresh.exit()).as(fresh.err()).isZero();
        assertThat(fresh.out().lines().skip(1))
                .as("first seen before the range")
                .isEmpty();
        Result freshEarlier = run(
                "query",
                "sources",
                "--store",
                twice,
                "--domain",
                "example.com",
                "--new",
                "--from",
                TODAY.minusDays(10).toString(),
                "--format",
                "csv");
        assertThat(freshEarlier.out().lines().skip(1)).hasSize(2);
    }

    @Test
    void oneReportIsWrittenInTheSingular() {
        String store = store(TODAY.minusDays(5));
        Result result = run("query", "summary", "--store", store, "--domain", "example.com", "--format", "csv");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("12 messages in 1 report").doesNotContain("1 reports");
    }

    @Test
    void fromAllStartsAtTheFirstStoredDayHoweverLongAgo() {
        String store = store(ARCHIVE_DAY, TODAY.minusDays(2));

        Result result = run(
                "query", "summary", "--store", store, "--domain", "example.com", "--from", "all", "--format", "csv");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("from," + ARCHIVE_DAY).contains("to," + TODAY);
        Result years = run(
                "query",
                "domains",
                "--store",
                store,
                "--from",
                ARCHIVE_DAY.minusYears(3).toString(),
                "--format",
                "csv");
        assertThat(years.exit()).as(years.err()).isZero();
        assertThat(years.out()).contains("example.com");
    }

    @Test
    void unknownDomainIsAnErrorListingTheKnownOnes() {
        String store = store(ARCHIVE_DAY);

        for (String what : new String[] {"summary", "sources", "timeseries"}) {
            Result result = run("query", what, "--store", store, "--domain", "nosuch.example");

            assertThat(result.exit()).as(what).isEqualTo(1);
            assertThat(result.out()).as(what).isEmpty();
            assertThat(result.err())
                    .as(what)
                    .contains("no reports for domain nosuch.example")
                    .contains("known domains: example.com, other.example");
        }
        Result weekly = run("report", "weekly", "--domain", "nosuch.example", "--week", "2024-W11", "--store", store);
        assertThat(weekly.exit()).isEqualTo(1);
        assertThat(weekly.err()).contains("known domains: example.com, other.example");
    }

    @Test
    void readingAStoreThatDoesNotExistIsAnErrorAndCreatesNothing() {
        Path typo = dir.resolve("typo.duckdb");

        Result query = run("query", "domains", "--store", "duckdb:" + typo);
        Result weekly = run("report", "weekly", "--domain", "example.com", "--store", "duckdb:" + typo);

        assertThat(query.exit()).isEqualTo(1);
        assertThat(query.err()).contains("no store at duckdb:" + typo).contains("does not exist");
        assertThat(weekly.exit()).isEqualTo(1);
        assertThat(weekly.err()).contains("no store at duckdb:" + typo);
        assertThat(typo).doesNotExist();
    }

    @Test
    void commandsThatWriteStillCreateTheStore() throws Exception {
        Path fresh = dir.resolve("fresh").resolve("new.duckdb");
        Path empty = Files.createDirectories(dir.resolve("inbox"));

        Result result = run("import", empty.toString(), "--store", "duckdb:" + fresh, "--no-dns");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(fresh).exists();
    }

    @Test
    void aDomainOnlyTlsReportsSpeakOfIsListedWithoutAPassRate() throws Exception {
        String store = store(ARCHIVE_DAY, ARCHIVE_DAY);
        Path tls = Files.writeString(
                dir.resolve("tls.json"),
                io.ruaflow.samples.TlsReportBuilder.json(
                        "Google Inc.", "tls-1", "tls-only.example", ARCHIVE_DAY, 40, java.util.List.of(), false));
        Result imported = run("import", tls.toString(), "--store", store, "--no-dns");
        assertThat(imported.exit()).as(imported.err()).isZero();

        Result csv = run("query", "domains", "--store", store, "--from", "all", "--format", "csv");
        assertThat(csv.exit()).as(csv.err()).isZero();
        assertThat(csv.out().lines()).contains("tls-only.example,0,0,").anySatisfy(line -> assertThat(line)
                .matches("example\\.com,\\d+,\\d+,0\\.\\d{4}"));
    }

    @Test
    void emptyAnswerSaysTheAskedRangeAndTheStoredOne() {
        String store = store(ARCHIVE_DAY, ARCHIVE_DAY.plusDays(20));

        Result domains = run("query", "domains", "--store", store);
        Result sources =
                run("query", "sources", "--store", store, "--domain", "Example.com", "--failing", "--format", "json");

        assertThat(domains.exit()).as(domains.err()).isZero();
        assertThat(domains.err())
                .contains("no domains with messages between " + TODAY.minusDays(29) + " and " + TODAY)
                .contains("the store holds reports from 2024-03-11 to 2024-03-31 (--from 2024-03-11 --to 2024-03-31)");
        assertThat(sources.exit()).as(sources.err()).isZero();
        assertThat(sources.out().strip()).isEqualTo("[ ]");
        assertThat(sources.err())
                .contains("no failing sources for example.com between " + TODAY.minusDays(29) + " and " + TODAY)
                .contains("the store holds example.com from 2024-03-11 to 2024-03-31");
    }

    @Test
    void emptyWeeklyReportSaysTheWeekAndTheStoredDays() throws Exception {
        String store = store(ARCHIVE_DAY);
        Path out = dir.resolve("w.json");

        Result result = run(
                "report",
                "weekly",
                "--domain",
                "example.com",
                "--week",
                "2024-W20",
                "--format",
                "json",
                "--out",
                out.toString(),
                "--store",
                store);

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(out).exists();
        assertThat(result.err())
                .contains("no messages for example.com between 2024-05-13 and 2024-05-19")
                .contains("the store holds example.com from 2024-03-11 to 2024-03-11");
    }

    @Test
    void answerWithDataSaysNothingMore() {
        String store = store(ARCHIVE_DAY);

        Result result = run(
                "query", "domains", "--store", store, "--from", ARCHIVE_DAY.toString(), "--to", ARCHIVE_DAY.toString());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("example.com");
        assertThat(result.err()).isEmpty();
    }
}
