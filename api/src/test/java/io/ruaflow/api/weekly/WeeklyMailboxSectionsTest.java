package io.ruaflow.api.weekly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.WholeReport;
import io.ruaflow.samples.FailureSamples;
import io.ruaflow.samples.SampleWorld;
import io.ruaflow.samples.TlsReportBuilder;
import io.ruaflow.samples.TlsReportBuilder.Failure;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.FailureSource;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.TlsSummary;
import io.ruaflow.store.testing.ClickHouseServer;
import io.ruaflow.store.testing.StoreTestData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The weekly report's SMTP TLS and failure-report sections, built from real stores (DuckDB, and ClickHouse when
 * installed) filled with known TLS reports and the sample world's failure reports; the expected figures are summed
 * here from the inputs, not read back from the store.
 */
class WeeklyMailboxSectionsTest {
    private static final long SEED = 21;
    private static final int FAILURES = 60;
    private static final SampleWorld WORLD = SampleWorld.fromSeed(SEED, 3);
    private static final List<FailureSamples.Sample> FAILURE_SAMPLES = FailureSamples.generate(
            WORLD, FAILURES, StoreTestData.FAILURES_FROM, StoreTestData.FAILURES_FROM.plusDays(6));
    /** The domain with the most failure reports. */
    private static final String DOMAIN = FAILURE_SAMPLES.stream()
            .collect(Collectors.groupingBy(FailureSamples.Sample::domain, TreeMap::new, Collectors.counting()))
            .entrySet()
            .stream()
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();

    private static final LocalDate W46_MONDAY = LocalDate.parse("2026-11-09");
    private static final LocalDate W47_MONDAY = W46_MONDAY.plusDays(7);

    @TempDir
    static Path dir;

    private static final Map<String, ReportStore> STORES = new LinkedHashMap<>();

    @AfterAll
    static void closeStores() {
        STORES.values().forEach(ReportStore::close);
        STORES.clear();
    }

    /** One week's expected TLS section and failure-report section. */
    record Expected(
            long tlsReports,
            long successful,
            long failed,
            List<String> mxLines,
            long mxTotal,
            List<String> reporterLines,
            String tlsNote,
            Map<String, Long> failuresBySource,
            String failureNote) {}

    static Stream<Arguments> cases() {
        Map<String, Long> w46Failures = FAILURE_SAMPLES.stream()
                .filter(s -> s.domain().equals(DOMAIN))
                .collect(Collectors.groupingBy(FailureSamples.Sample::sourceIp, TreeMap::new, Collectors.counting()));
        assertThat(w46Failures)
                .as("several sources send the domain's failure reports")
                .hasSizeGreaterThan(1);
        List<String> twelveMx = new ArrayList<>();
        for (int i = 12; i >= 3; i--) {
            twelveMx.add("mx" + i + "." + DOMAIN + " " + (i * 10) + " certificate-host-mismatch " + (i * 10));
        }
        List<Arguments> cases = new ArrayList<>();
        for (String store : List.of("duckdb", "clickhouse")) {
            cases.add(Arguments.of(
                    store,
                    "2026-W46",
                    new Expected(
                            2,
                            90 + 50,
                            6 + 4 + 3 + 1,
                            List.of(
                                    "mx1." + DOMAIN + " 9 certificate-expired 9",
                                    "mx2." + DOMAIN + " 4 starttls-not-supported 4",
                                    " 1 validation-failure 1"),
                            3,
                            List.of("Google Inc. 1 90 10", "Microsoft Corporation 1 50 4"),
                            null,
                            w46Failures,
                            null)));
            cases.add(Arguments.of(
                    store,
                    "2026-W47",
                    new Expected(
                            1,
                            500,
                            (12 * 13 / 2) * 10,
                            twelveMx,
                            12,
                            List.of("Google Inc. 1 500 780"),
                            null,
                            Map.of(),
                            "No DMARC failure reports for " + DOMAIN + " this week. To receive them, add"
                                    + " ruf=mailto:ADDRESS")));
            cases.add(Arguments.of(
                    store,
                    "2026-W40",
                    new Expected(
                            0,
                            0,
                            0,
                            List.of(),
                            0,
                            List.of(),
                            "No SMTP TLS reports for " + DOMAIN + " this week. To receive them, publish a TLS-RPT"
                                    + " record that sends them to the mailbox ruaflow reads: _smtp._tls." + DOMAIN
                                    + ". IN TXT \"v=TLSRPTv1; rua=mailto:ADDRESS\".",
                            Map.of(),
                            "No DMARC failure reports for " + DOMAIN)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void weeklyReportCarriesTlsAndFailureSections(String storeName, String week, Expected expected) throws Exception {
        ReportStore store = store(storeName);
        WeeklyReport report = WeeklyReport.fromData(store.weekly(DOMAIN, week));

        WeeklyReport.TlsSection tls = report.tls();
        assertThat(tls.reports()).isEqualTo(expected.tlsReports());
        assertThat(tls.successfulSessions()).isEqualTo(expected.successful());
        assertThat(tls.failedSessions()).isEqualTo(expected.failed());
        long sessions = expected.successful() + expected.failed();
        assertThat(tls.failureRate()).isEqualTo(sessions == 0 ? null : (double) expected.failed() / sessions);
        assertThat(tls.failuresByReceivingMx().stream().map(WeeklyMailboxSectionsTest::line))
                .containsExactlyElementsOf(expected.mxLines());
        assertThat(tls.failuresByReceivingMxCut().total()).isEqualTo(expected.mxTotal());
        assertThat(tls.failuresByReceivingMxCut().omitted())
                .isEqualTo(expected.mxTotal() - expected.mxLines().size());
        assertThat(tls.reporters().stream()
                        .map(r -> r.organization() + " " + r.reports() + " " + r.successfulSessions() + " "
                                + r.failedSessions()))
                .containsExactlyElementsOf(expected.reporterLines());
        assertThat(tls.days()).hasSize(7);
        assertThat(tls.days().stream().mapToLong(TlsSummary.Day::failedSessions).sum())
                .isEqualTo(expected.failed());
        assertThat(tls.note()).isEqualTo(expected.tlsNote());

        WeeklyReport.FailureReportSection failures = report.failureReports();
        Map<String, Long> bySource = new TreeMap<>();
        failures.bySource().forEach(s -> bySource.put(s.sourceIp(), s.failures()));
        assertThat(bySource).isEqualTo(expected.failuresBySource());
        assertThat(failures.reports())
                .isEqualTo(expected.failuresBySource().values().stream()
                        .mapToLong(Long::longValue)
                        .sum());
        assertThat(failures.bySource().stream().map(FailureSource::failures).toList())
                .as("most reports first")
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        if (expected.failureNote() == null) {
            assertThat(failures.note()).isNull();
            List<FailureSource> stored = store.failureSources(DOMAIN, new DateRange(report.from(), report.to()));
            for (FailureSource s : failures.bySource()) {
                assertThat(s.fromSamples()).isNotEmpty().allSatisfy(from -> assertThat(from)
                        .as("failure.redact was on when these were parsed: the report shows what the store holds")
                        .contains("redacted@" + DOMAIN)
                        .doesNotContain("service@"));
                assertThat(s.subjectSamples()).isNotEmpty().hasSizeLessThanOrEqualTo(FailureSource.MAX_SAMPLES);
                assertThat(stored).contains(s);
            }
        } else {
            assertThat(failures.note()).startsWith(expected.failureNote());
        }

        // The same numbers in the JSON and CSV renderings, and the notes in the HTML.
        JsonNode json = ReportJson.mapper().readTree(render(report, WeeklyReportFormat.JSON));
        assertThat(json.get("tls").get("failed_sessions").asLong()).isEqualTo(expected.failed());
        assertThat(json.get("tls").get("successful_sessions").asLong()).isEqualTo(expected.successful());
        assertThat(json.get("failure_reports").get("by_source"))
                .hasSize(expected.failuresBySource().size());
        String csv = render(report, WeeklyReportFormat.CSV);
        assertThat(csv)
                .contains("section,tls\r\nkey,value\r\nreports," + expected.tlsReports() + "\r\nsuccessful_sessions,"
                        + expected.successful() + "\r\nfailed_sessions," + expected.failed() + "\r\n")
                .contains("section,failure_reports\r\nkey,value\r\nreports," + failures.reports() + "\r\n");
        String html = render(report, WeeklyReportFormat.HTML);
        assertThat(html).contains(">SMTP TLS</h2>").contains(">DMARC failure reports");
        if (expected.tlsNote() != null) {
            assertThat(html).contains("No SMTP TLS reports for " + DOMAIN + " this week.");
            assertThat(csv).contains("note,");
        }
        if (expected.failureNote() != null) {
            assertThat(html).contains("No DMARC failure reports for " + DOMAIN + " this week.");
        }
    }

    private static String line(WeeklyReport.MxFailures mx) {
        return mx.receivingMx() + " " + mx.failedSessions() + " "
                + mx.reasons().stream()
                        .map(r -> r.resultType() + " " + r.failedSessions())
                        .collect(Collectors.joining(" "));
    }

    private static String render(WeeklyReport report, WeeklyReportFormat format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static synchronized ReportStore store(String name) throws Exception {
        ReportStore store = STORES.get(name);
        if (store == null) {
            store = name.equals("duckdb")
                    ? ReportStores.open("duckdb:" + dir.resolve("mailbox.duckdb"))
                    : ReportStores.open(ClickHouseServer.shared().newDatabaseUrl());
            fill(store);
            STORES.put(name, store);
        }
        return store;
    }

    /** The known TLS reports of the cases, and the sample world's failure reports of 2026-W46. */
    static void fill(ReportStore store) throws Exception {
        String mx1 = "mx1." + DOMAIN;
        String mx2 = "mx2." + DOMAIN;
        tls(
                store,
                TlsReportBuilder.json(
                        "Google Inc.",
                        "g-46",
                        DOMAIN,
                        W46_MONDAY,
                        90,
                        List.of(
                                new Failure("certificate-expired", "209.85.220.41", mx1, null, 6),
                                new Failure("starttls-not-supported", "209.85.220.42", mx2, null, 4)),
                        false));
        tls(
                store,
                TlsReportBuilder.json(
                        "Microsoft Corporation",
                        "m-46",
                        DOMAIN,
                        W46_MONDAY.plusDays(2),
                        50,
                        List.of(
                                new Failure("certificate-expired", null, mx1, null, 3),
                                new Failure("validation-failure", null, null, null, 1)),
                        true));
        // The Sunday before 2026-W46: in no case's week
        tls(
                store,
                TlsReportBuilder.json(
                        "Google Inc.",
                        "g-45",
                        DOMAIN,
                        W46_MONDAY.minusDays(1),
                        1000,
                        List.of(new Failure("certificate-expired", null, mx1, null, 1000)),
                        false));
        List<Failure> twelve = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            twelve.add(new Failure("certificate-host-mismatch", null, "mx" + i + "." + DOMAIN, null, i * 10));
        }
        tls(store, TlsReportBuilder.json("Google Inc.", "g-47", DOMAIN, W47_MONDAY.plusDays(1), 500, twelve, false));
        store.writeFailures(StoreTestData.failures(SEED, FAILURES));
    }

    private static void tls(ReportStore store, String json) throws Exception {
        for (WholeReport report :
                new ReportParser().parseWhole(ReportInput.ofBytes("tls.json", json.getBytes(StandardCharsets.UTF_8)))) {
            store.write(List.of(WholeReportMessage.of(report)));
        }
    }

    @org.junit.jupiter.api.Test
    void aStoreThatKeepsNoTlsOrFailureReportsSaysSoInOneLine() throws Exception {
        WeeklyReport report = WeeklyReport.fromData(WeeklyFixtures.data(
                List.of(WeeklyFixtures.source("192.0.2.1", 100, 0, "aligned", "pass")), 100, 100, null));
        assertThat(report.tls().note()).isEqualTo("This store keeps no SMTP TLS reports.");
        assertThat(report.failureReports().note()).isEqualTo("This store keeps no DMARC failure reports.");
        assertThat(render(report, WeeklyReportFormat.HTML))
                .contains("This store keeps no SMTP TLS reports.")
                .contains("This store keeps no DMARC failure reports.");
    }

    @org.junit.jupiter.api.Test
    void samplesFromReportsAreEscapedInTheHtml() throws Exception {
        io.ruaflow.store.WeeklyData base = WeeklyFixtures.data(
                List.of(WeeklyFixtures.source("192.0.2.1", 100, 0, "aligned", "pass")), 100, 100, null);
        FailureSource hostile = new FailureSource(
                "192.0.2.66",
                1,
                java.time.Instant.parse("2026-11-10T10:00:00Z"),
                java.time.Instant.parse("2026-11-10T10:00:00Z"),
                "<b>ptr</b>",
                null,
                null,
                "unauthorized",
                List.of("\"<img src=x onerror=alert(1)>\" <redacted@example.com>"),
                List.of("<script>alert(1)</script>"));
        io.ruaflow.store.WeeklyData data = new io.ruaflow.store.WeeklyData(
                base.domain(),
                base.week(),
                base.thisWeek(),
                base.previousWeek(),
                base.sources(),
                base.failingSources(),
                base.newSources(),
                base.sourceCount(),
                base.failingSourceCount(),
                base.newSourceCount(),
                base.daily(),
                base.policy(),
                new TlsSummary(
                        "example.com",
                        new DateRange(W46_MONDAY, W46_MONDAY.plusDays(6)),
                        0,
                        0,
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(new TlsSummary.Reporter("<i>Org</i>", 1, 0, 0))),
                List.of(hostile),
                1,
                1);
        String html = render(WeeklyReport.fromData(data), WeeklyReportFormat.HTML);
        assertThat(html)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("&lt;i&gt;Org&lt;/i&gt;")
                .doesNotContain("<script")
                .doesNotContain("<img")
                .doesNotContain("<i>Org");
    }
}
