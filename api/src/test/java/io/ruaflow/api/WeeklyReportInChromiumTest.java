package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.FailureReportParser;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.WholeReport;
import io.ruaflow.samples.FailureSamples;
import io.ruaflow.samples.SampleWorld;
import io.ruaflow.samples.TlsReportBuilder;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.StoreTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weekly HTML report, served by ApiServer and rendered by a real headless Chromium (the dashboard's own browser
 * tests are {@link DashboardInBrowserTest}).
 */
class WeeklyReportInChromiumTest {
    /** Where the screenshot is kept for a human to look at. */
    static final Path SCREENSHOT = Path.of("target", "chromium", "weekly-report.png");

    @TempDir
    Path dir;

    /**
     * The end-to-end data in DuckDB, plus a report from a reporter whose name is markup, plus the rest of the
     * mailbox for example.com in 2026-W46: two SMTP TLS reports ({@link #TLS_OK} successful and {@link #TLS_FAILED}
     * failed sessions) and {@link #failureSamples()} as failure reports, the first source re-checked as SendGrid.
     */
    static ReportStore storeWithKnownData(Path dir) {
        ReportStore store = ReportStores.open("duckdb:" + dir.resolve("chromium.duckdb"));
        store.write(ApiEndToEndTest.knownData());
        store.write(StoreTestData.report(
                ApiEndToEndTest.header(HOSTILE_ORG, "evil-1", "example.com", LocalDate.of(2026, 11, 12)),
                StoreTestData.Source.passing("192.0.2.1", 1)));
        writeMailbox(store);
        return store;
    }

    static final String HOSTILE_ORG = "Evil <script>alert(1)</script> Corp";

    /** Successful TLS sessions of example.com in 2026-W46: Google 1,200 on Tuesday, Microsoft 800 on Thursday. */
    static final long TLS_OK = 1200 + 800;
    /** Failed TLS sessions: Google 30 certificate-expired at mx1 and 12 starttls-not-supported at mx2; Microsoft 8. */
    static final long TLS_FAILED = 30 + 12 + 8;

    static void writeMailbox(ReportStore store) {
        LocalDate monday = ApiEndToEndTest.W46;
        tls(TlsReportBuilder.json(
                        "Google Inc.",
                        "g-w46",
                        "example.com",
                        monday.plusDays(1),
                        1200,
                        List.of(
                                new TlsReportBuilder.Failure(
                                        "certificate-expired", "209.85.220.41", "mx1.example.com", null, 30),
                                new TlsReportBuilder.Failure(
                                        "starttls-not-supported", "209.85.220.42", "mx2.example.com", null, 12)),
                        false))
                .forEach(r -> store.write(List.of(WholeReportMessage.of(r))));
        tls(TlsReportBuilder.json(
                        "Microsoft Corporation",
                        "m-w46",
                        "example.com",
                        monday.plusDays(3),
                        800,
                        List.of(new TlsReportBuilder.Failure("validation-failure", null, "mx1.example.com", null, 8)),
                        true))
                .forEach(r -> store.write(List.of(WholeReportMessage.of(r))));
        FailureReportParser parser = new FailureReportParser();
        List<FailureReport> failures = new ArrayList<>();
        String first = failureSamples().get(0).sourceIp();
        for (FailureSamples.Sample sample : failureSamples()) {
            try {
                FailureReport report = parser.parse(
                        ReportInput.ofBytes(sample.fileName(), sample.mail().getBytes(StandardCharsets.UTF_8)));
                if (sample.sourceIp().equals(first)) {
                    report = report.withRecheck(new FailureReport.Recheck(
                            "o1.sendgrid.example", true, "SendGrid", "fail", "-all", "unauthorized", null));
                }
                failures.add(report);
            } catch (Exception e) {
                throw new IllegalStateException(sample.fileName() + " does not parse", e);
            }
        }
        store.writeFailures(failures);
    }

    /**
     * Nine failure reports over 2026-W46 from the sample world's failing senders, about example.com: the world's
     * first domain renamed, so the generator stays the one home of failure report mails.
     */
    static List<FailureSamples.Sample> failureSamples() {
        SampleWorld world = SampleWorld.fromSeed(7, 1);
        String domain = world.domains().get(0).name();
        return FailureSamples.generate(world, 9, ApiEndToEndTest.W46, ApiEndToEndTest.W46.plusDays(6)).stream()
                .map(s -> new FailureSamples.Sample(
                        s.fileName(),
                        s.shape(),
                        "example.com",
                        s.sourceIp(),
                        s.arrival(),
                        s.mail().replace(domain, "example.com")))
                .toList();
    }

    private static List<WholeReport> tls(String json) {
        try {
            return new ReportParser()
                    .parseWhole(ReportInput.ofBytes("tls.json", json.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("the TLS report does not parse", e);
        }
    }

    /** The text between the heading with {@code id} and the next h2, tags removed, as a reader sees it. */
    static String section(String dom, String id) {
        int start = dom.indexOf("id=\"" + id + "\"");
        assertThat(start).as("section " + id).isPositive();
        int end = dom.indexOf("<h2", start + 1);
        String html = dom.substring(start, end < 0 ? dom.length() : end);
        return html.replaceAll("<[^>]*>", " ").replace("&amp;", "&").replaceAll("\\s+", " ");
    }

    @Test
    void weeklyHtmlRendersWithChartAndTables() throws Exception {
        Chromium.assumeInstalled();
        try (ReportStore store = storeWithKnownData(dir);
                ApiServer server = ApiServer.start(
                        ApiSettings.loopback(0),
                        store,
                        UploadHandler.refusing("read-only"),
                        new SimpleMeterRegistry())) {
            String url =
                    "http://127.0.0.1:" + server.port() + "/api/domains/example.com/weekly?week=2026-W46&format=html";
            Chromium.Run dom = Chromium.run(dir, "--dump-dom", url);
            assertThat(dom.out())
                    .contains("<svg")
                    .contains("<rect class=\"pass\"")
                    .contains("<rect class=\"fail\"");
            assertThat(dom.out())
                    .contains("Failing sources")
                    .contains("Top sources")
                    .contains("203.0.113.5")
                    .contains("198.51.100.20")
                    .contains("ready for p=quarantine");
            assertThat(dom.out().split("<table", -1).length - 1).isGreaterThanOrEqualTo(5);
            assertThat(dom.out())
                    .contains("Evil &lt;script&gt;alert(1)&lt;/script&gt; Corp")
                    .doesNotContain("<script");
            assertThat(dom.err()).doesNotContain("Uncaught").doesNotContain("Failed to load resource");
            assertMailboxSections(dom.out());

            Files.createDirectories(SCREENSHOT.getParent());
            Files.deleteIfExists(SCREENSHOT);
            Chromium.run(
                    dir,
                    "--screenshot=" + SCREENSHOT.toAbsolutePath(),
                    "--window-size=1200,4400",
                    "--hide-scrollbars",
                    url);
            byte[] png = Files.readAllBytes(SCREENSHOT);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(png.length).isGreaterThan(10_000);
        }
    }

    /** The TLS and failure-report sections of a rendered weekly page show the numbers of the known data. */
    static void assertMailboxSections(String dom) {
        String tls = section(dom, "tls");
        long sessions = TLS_OK + TLS_FAILED;
        String rate = String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * TLS_FAILED / sessions);
        assertThat(tls)
                .contains("Reports Successful Failed Failure rate 2 2,000 50 " + rate)
                .contains("mx1.example.com 38 certificate-expired (30), validation-failure (8)")
                .contains("mx2.example.com 12 starttls-not-supported (12)")
                .contains("Google Inc. 1 1,200 42")
                .contains("Microsoft Corporation 1 800 8")
                .contains("Successful 0 1,200 0 800 0 0 0");
        String failures = section(dom, "failure-reports");
        java.util.Map<String, Long> bySource = failureSamples().stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        // as RFC 5952 writes it, as every stored source IP is
                        s -> com.google.common.net.InetAddresses.toAddrString(
                                com.google.common.net.InetAddresses.forString(s.sourceIp())),
                        java.util.stream.Collectors.counting()));
        assertThat(failures)
                .contains("9 failure reports from " + bySource.size() + " source")
                .contains("SendGrid")
                .contains("unauthorized")
                .contains("redacted@example.com")
                .doesNotContain("service@example.com");
        String rows = dom.substring(dom.indexOf("id=\"failure-reports\""));
        bySource.forEach((ip, n) -> {
            int at = rows.indexOf(">" + ip + "<");
            assertThat(at).as(ip + " is listed").isPositive();
            String row = rows.substring(at, rows.indexOf("</tr>", at));
            assertThat(row).as("the row of " + ip).contains("nowrap;\">" + n + "</td>");
        });
    }
}
