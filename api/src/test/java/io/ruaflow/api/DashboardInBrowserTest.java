package io.ruaflow.api;

import static io.ruaflow.store.testing.StoreTestData.Source.passing;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.ingest.StoreImport;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.testing.StoreTestData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard at {@code /} in a real Chromium, over a real store loaded with {@link ApiEndToEndTest#knownData()}
 * plus one report for the IDN bücher.example. Every test ends by failing on any request the page made to a host
 * other than ruaflow's own, and on console errors. Screenshots go to {@code target/browser/}. Subclasses choose the
 * store.
 */
abstract class DashboardInBrowserTest {
    static final String HOST = "127.0.0.1";
    static final String IDN = "xn--bcher-kva.example";
    /** 2026-W46, where the known data has two reporters and three sources. */
    static final String W46 = "from=2026-11-09&to=2026-11-15";

    static Browser browser;

    @TempDir
    Path dir;

    ReportStore store;
    ApiServer server;
    Http http;

    abstract ReportStore openStore(Path dir);

    abstract String storeName();

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    static List<RecordsMessage> data() {
        List<RecordsMessage> all = new ArrayList<>(ApiEndToEndTest.knownData());
        all.addAll(StoreTestData.report(
                ApiEndToEndTest.header("google.com", "idn-1", IDN, LocalDate.of(2026, 11, 11)),
                passing("192.0.2.44", 40)));
        return all;
    }

    /** Serves the data with the server's today at {@code today} (the page's default range ends there). */
    void serve(Clock today) {
        if (store == null) {
            store = openStore(dir);
            store.write(data());
            WeeklyReportInChromiumTest.writeMailbox(store);
        }
        if (server != null) {
            server.close();
        }
        server = ApiServer.start(
                ApiSettings.loopback(0),
                store,
                StoreUploadHandler.of(new StoreImport(new ReportParser(), Enricher.offline(), 100, store)::ingest),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                today);
        http = new Http(server.port(), null);
        browser.requests();
        browser.consoleErrors();
    }

    private void serve() {
        serve(ApiEndToEndTest.NOV_21);
    }

    String url(String fragment) {
        return "http://" + HOST + ":" + server.port() + "/" + (fragment.isEmpty() ? "" : "#" + fragment);
    }

    @AfterEach
    void nothingLeftTheMachine(TestInfo test) throws Exception {
        try {
            if (server != null) {
                browser.screenshot(
                        storeName() + "-" + test.getTestMethod().orElseThrow().getName());
                browser.resetScreen();
                assertThat(browser.requestsElsewhere(HOST, server.port()))
                        .as("requests to hosts other than ruaflow's own")
                        .isEmpty();
                assertThat(browser.consoleErrors()).as("console errors").isEmpty();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (store != null) {
                store.close();
            }
        }
    }

    String text(String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    List<String> sourceIps() {
        return browser.driver().findElements(By.cssSelector("#sources tbody tr[data-ip]")).stream()
                .map(r -> r.getAttribute("data-ip"))
                .toList();
    }

    static String formatted(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    static String percent(long part, long whole) {
        return String.format(Locale.US, "%.1f%%", 100.0 * part / whole);
    }

    /** Sets a date input as a picker does: a value, then the change event. */
    void pick(String id, String date) {
        browser.js(
                "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                        + " e.dispatchEvent(new Event('change'));",
                id,
                date);
        browser.settle();
    }

    void assertTilesMatchTheApi(String domain, String from, String to) {
        JsonNode summary = Http.json(http.get("/api/domains/" + domain + "/summary?from=" + from + "&to=" + to));
        long messages = summary.path("messages").asLong();
        assertThat(messages).isPositive();
        assertThat(text("tMessages")).isEqualTo(formatted(messages));
        assertThat(text("tPass")).isEqualTo(percent(summary.path("dmarc_pass").asLong(), messages));
        assertThat(text("tSpf")).isEqualTo(percent(summary.path("spf_aligned").asLong(), messages));
        assertThat(text("tDkim")).isEqualTo(percent(summary.path("dkim_aligned").asLong(), messages));
        assertThat(text("tReports")).isEqualTo(formatted(summary.path("reports").asLong()));
    }

    @Test
    void pickingARangeShowsTheApisNumbers() {
        serve();
        browser.open(url("domain=example.com&" + W46));
        assertTilesMatchTheApi("example.com", "2026-11-09", "2026-11-15");
        assertThat(text("tMessages")).isEqualTo("1,099");

        pick("from", "2026-11-02");
        pick("to", "2026-11-08");
        browser.until(d -> text("tMessages").equals("630"));
        assertTilesMatchTheApi("example.com", "2026-11-02", "2026-11-08");
        assertThat(browser.driver().getCurrentUrl()).contains("from=2026-11-02").contains("to=2026-11-08");
        // one bar pair per day of the range in the volume chart
        assertThat(browser.driver().findElements(By.cssSelector("#volumeChart rect.pass")))
                .hasSize(7);
    }

    @Test
    void withNothingInTheLast30DaysTheRangeIsWhereTheDataIs() {
        serve(Clock.fixed(Instant.parse("2027-03-01T12:00:00Z"), ZoneOffset.UTC));
        browser.open(url(""));
        assertThat(browser.driver().findElement(By.id("from")).getAttribute("value"))
                .isEqualTo("2026-11-02");
        assertThat(browser.driver().findElement(By.id("to")).getAttribute("value"))
                .isEqualTo("2026-11-15");
        assertThat(text("rangeNote")).contains("No reports in the last 30 days");
        assertTilesMatchTheApi("example.com", "2026-11-02", "2026-11-15");
    }

    @Test
    void filteringByClassKeepsThatClassOnly() {
        serve();
        browser.open(url("domain=example.com&" + W46));
        assertThat(sourceIps()).containsExactly("192.0.2.1", "203.0.113.5", "198.51.100.20");

        new Select(browser.driver().findElement(By.id("class"))).selectByValue("misconfigured");
        browser.settle();
        assertThat(sourceIps()).containsExactly("198.51.100.20");

        new Select(browser.driver().findElement(By.id("class"))).selectByValue("unauthorized");
        browser.settle();
        assertThat(sourceIps()).containsExactly("203.0.113.5");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("#sources tbody tr[data-ip] .badge"))
                        .getText())
                .isEqualTo("unauthorized");

        new Select(browser.driver().findElement(By.id("class"))).selectByValue("");
        new Select(browser.driver().findElement(By.id("sort"))).selectByValue("failures");
        browser.settle();
        assertThat(sourceIps()).containsExactly("203.0.113.5", "198.51.100.20", "192.0.2.1");
    }

    @Test
    void searchingAnIpOrPtrFindsTheSource() {
        serve();
        browser.open(url("domain=example.com&" + W46));
        WebElement search = browser.driver().findElement(By.id("q"));
        search.sendKeys("203.0.113");
        browser.settle();
        assertThat(sourceIps()).containsExactly("203.0.113.5");

        search.clear();
        search.sendKeys("MTA.ESP");
        browser.settle();
        assertThat(sourceIps()).containsExactly("198.51.100.20");

        search.clear();
        search.sendKeys("192.0.2.99");
        browser.settle();
        assertThat(sourceIps()).isEmpty();
        assertThat(text("sources")).contains("No source matches these filters");
    }

    @Test
    void openingASourceShowsWhatIsKnownOfIt() {
        serve();
        openSource("198.51.100.20");
        assertThat(text("sourceFacts"))
                .contains("mta.esp.example")
                .contains("Some ESP")
                .contains("misconfigured")
                .contains("Org. domain by")
                .contains("the RFC 9989 DNS tree walk");
        assertThat(text("sourceFacts")).contains("14");

        browser.driver().findElement(By.partialLinkText("back to example.com")).click();
        browser.until(d -> !d.getCurrentUrl().contains("source="));
        browser.settle();
        assertThat(sourceIps()).containsExactly("192.0.2.1", "203.0.113.5", "198.51.100.20");
    }

    @Test
    void aFailingSourceShowsItsAdvice() {
        serve();
        JsonNode advice = Http.json(http.get("/api/domains/example.com/advice?" + W46));
        JsonNode mine = null;
        for (JsonNode a : advice) {
            if (a.path("source_ip").asText().equals("203.0.113.5")) {
                mine = a;
            }
        }
        assertThat(mine).as("advice for 203.0.113.5 in " + advice).isNotNull();
        openSource("203.0.113.5");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("#sourceView .advice"))
                        .getText())
                .contains(mine.path("action").asText());
    }

    @Test
    void openingASourceShowsItsDkimSelectorAndKeyStatus() {
        serve();
        HttpResponse<String> detail = http.get("/api/domains/example.com/sources/198.51.100.20?" + W46);
        if (detail.statusCode() == 404
                && Http.json(detail).path("error").asText().startsWith("no such endpoint")) {
            String message = "SKIPPED: this server has no GET /api/domains/{domain}/sources/{ip} (the answers"
                    + " branch adds it); the source page shows the sources list's facts only";
            System.err.println(message);
            Assumptions.abort(message);
        }
        openSource("198.51.100.20");
        assertThat(text("dkimKeys")).isEqualTo("selector s1 for example.com: key found (rsa 2048 bits)");
        assertThat(text("sourceView"))
                .contains("By DKIM domain, selector and result")
                .contains("Yahoo");
        assertThat(text("sourceFacts"))
                .contains(formatted(
                        Http.json(detail).path("source").path("messages").asLong()));
    }

    void openSource(String ip) {
        browser.open(url("domain=example.com&" + W46));
        browser.driver().findElement(By.linkText(ip)).click();
        browser.until(d -> d.getCurrentUrl().contains("source=" + ip));
        browser.settle();
        assertThat(browser.driver().findElement(By.id("overview")).isDisplayed())
                .isFalse();
        assertThat(text("sourceView")).contains("Source " + ip + " sending as example.com");
    }

    @Test
    void reportsListOpensTheParsedReport() {
        serve();
        browser.open(url("domain=example.com&" + W46));
        WebElement first = browser.driver().findElement(By.cssSelector("#reports tbody tr"));
        assertThat(first.getText()).startsWith("google.com 2026-11-15 2 105");
        first.findElement(By.linkText("parsed")).click();
        browser.until(d -> d.getCurrentUrl().contains("report="));
        browser.settle();
        String uid = io.ruaflow.parser.ReportUid.of("google.com", "g46-6", "example.com");
        assertThat(text("reportFacts")).contains(uid).contains("g46-6").contains("test/g46-6.xml");
        assertThat(text("reportView")).contains("Report g46-6 from google.com");
    }

    @Test
    void aParsedReportListsItsRecordsWithTheApisCountsAndResults() {
        serve();
        String uid = io.ruaflow.parser.ReportUid.of("google.com", "g46-6", "example.com");
        JsonNode records =
                Http.json(http.get("/api/reports/" + uid)).path("page").path("records");
        assertThat(records).isNotEmpty();
        browser.open(url("domain=example.com&" + W46 + "&report=" + uid));
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#reportView table tbody tr"));
        assertThat(rows).hasSameSizeAs(records);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode record = records.get(i).path("record");
            List<String> cells = rows.get(i).findElements(By.tagName("td")).stream()
                    .map(WebElement::getText)
                    .toList();
            assertThat(cells.get(0)).isEqualTo("google.com");
            assertThat(cells.get(2)).isEqualTo(formatted(record.path("count").asLong()));
            assertThat(cells.get(3)).isEqualTo(record.path("disposition").asText());
            assertThat(cells.get(4)).isEqualTo(record.path("header_from").asText());
            assertThat(cells.get(5)).isEqualTo(record.path("envelope_from").asText());
            JsonNode dkim = record.path("dkim_results").get(0);
            assertThat(cells.get(6))
                    .isEqualTo(dkim.path("domain").asText() + " "
                            + dkim.path("selector").asText() + " "
                            + dkim.path("result").asText());
            JsonNode spf = record.path("spf_results").get(0);
            assertThat(cells.get(7))
                    .isEqualTo(spf.path("domain").asText() + " "
                            + spf.path("result").asText());
        }
    }

    @Test
    void theTlsPanelShowsTheApisSessionsAndFailures() throws Exception {
        serve();
        JsonNode tls = Http.json(http.get("/api/domains/example.com/tls?" + W46));
        long ok = tls.path("successful_sessions").asLong();
        long failed = tls.path("failed_sessions").asLong();
        assertThat(ok).isEqualTo(WeeklyReportInChromiumTest.TLS_OK);
        assertThat(failed).isEqualTo(WeeklyReportInChromiumTest.TLS_FAILED);
        browser.open(url("domain=example.com&" + W46));
        browser.driver().findElement(By.id("navTls")).click();
        browser.until(d -> d.getCurrentUrl().contains("panel=tls"));
        browser.settle();
        assertThat(browser.driver().findElement(By.id("overview")).isDisplayed())
                .isFalse();
        assertThat(text("tTlsOk")).isEqualTo(formatted(ok));
        assertThat(text("tTlsFailed")).isEqualTo(formatted(failed));
        assertThat(text("tTlsRate")).isEqualTo(percent(failed, ok + failed));
        assertThat(text("tTlsReports")).isEqualTo("2");
        // one bar pair per day, each bar's title the API's numbers of that day
        List<WebElement> bars = browser.driver().findElements(By.cssSelector("#tlsChart g"));
        assertThat(bars).hasSameSizeAs(tls.path("days"));
        for (int i = 0; i < bars.size(); i++) {
            JsonNode day = tls.path("days").get(i);
            long s = day.path("successful_sessions").asLong();
            long f = day.path("failed_sessions").asLong();
            assertThat(bars.get(i).findElement(By.tagName("title")).getAttribute("textContent"))
                    .isEqualTo(day.path("day").asText() + ": " + formatted(s + f) + " sessions, " + formatted(s)
                            + " successful, " + formatted(f) + " failed");
        }
        List<String> mx = new ArrayList<>();
        for (JsonNode m : tls.path("by_receiving_mx")) {
            mx.add(m.path("receiving_mx").asText() + " " + m.path("result_type").asText() + " "
                    + formatted(m.path("failed_sessions").asLong()));
        }
        assertThat(rowTexts("tlsMx")).containsExactlyElementsOf(mx);
        List<String> types = new ArrayList<>();
        for (JsonNode t : tls.path("by_result_type")) {
            types.add(t.path("result_type").asText() + " "
                    + formatted(t.path("failed_sessions").asLong()));
        }
        assertThat(rowTexts("tlsTypes")).containsExactlyElementsOf(types);
        assertThat(rowTexts("tlsReporters")).containsExactly("Google Inc. 1 1,200 42", "Microsoft Corporation 1 800 8");
        browser.screenshot(storeName() + "-tls-panel-2026-W46");

        // another week: no TLS reports, and the page says how to get them
        pick("from", "2026-11-02");
        pick("to", "2026-11-08");
        browser.until(d -> text("tTlsOk").equals("0"));
        assertThat(text("tlsNote"))
                .contains("No SMTP TLS reports for example.com")
                .contains("_smtp._tls.example.com.");
        assertThat(browser.driver().getCurrentUrl()).contains("panel=tls");
    }

    @Test
    void theFailurePanelShowsSourcesSamplesAndHeaders() throws Exception {
        serve();
        JsonNode sources = Http.json(http.get("/api/domains/example.com/failures?group=source&" + W46));
        long total = 0;
        List<String> expected = new ArrayList<>();
        for (JsonNode s : sources) {
            total += s.path("failures").asLong();
            expected.add(s.path("source_ip").asText() + " "
                    + formatted(s.path("failures").asLong()));
        }
        assertThat(total).isEqualTo(WeeklyReportInChromiumTest.failureSamples().size());
        browser.open(url("domain=example.com&" + W46));
        browser.driver().findElement(By.id("navFailures")).click();
        browser.until(d -> d.getCurrentUrl().contains("panel=failures"));
        browser.settle();
        assertThat(text("failuresNote")).startsWith(total + " failure reports from " + sources.size() + " sources");
        List<String> shown = new ArrayList<>();
        for (WebElement row : browser.driver().findElements(By.cssSelector("#failureSources tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            shown.add(cells.get(0).getText() + " " + cells.get(2).getText());
        }
        assertThat(shown).containsExactlyElementsOf(expected);
        assertThat(text("failureSources"))
                .contains("SendGrid")
                .contains("unauthorized")
                .contains("redacted@example.com")
                .doesNotContain("service@example.com");

        browser.screenshot(storeName() + "-failure-panel-2026-W46");
        JsonNode newest = Http.json(http.get("/api/domains/example.com/failures?limit=50&" + W46))
                .get(0);
        String uid = newest.path("report_uid").asText();
        WebElement first = browser.driver().findElement(By.cssSelector("#failureList tbody tr"));
        assertThat(first.getAttribute("data-uid")).isEqualTo(uid);
        WebElement link = first.findElement(By.linkText("headers"));
        assertThat(link.getAttribute("href")).endsWith("/api/failures/" + uid + "/headers");
        link.click();
        browser.settle();
        String headers = http.get("/api/failures/" + uid + "/headers").body();
        assertThat(headers).contains("Subject:");
        assertThat(browser.driver().findElement(By.id("failureHeaders")).getAttribute("textContent"))
                .isEqualTo(headers);
        browser.js("document.getElementById('failureHeadersBox').scrollIntoView()");
    }

    private List<String> rowTexts(String tableId) {
        return browser.driver().findElements(By.cssSelector("#" + tableId + " tbody tr")).stream()
                .map(WebElement::getText)
                .toList();
    }

    @Test
    void uploadedFileIsCounted() throws Exception {
        serve();
        browser.open(url("domain=example.com&from=2026-11-09&to=2026-11-21"));
        assertThat(text("tMessages")).isEqualTo("1,099");
        Path file = dir.resolve("upload.xml");
        Files.writeString(file, uploadXml(), StandardCharsets.UTF_8);

        browser.driver()
                .findElement(By.id("file"))
                .sendKeys(file.toAbsolutePath().toString());
        browser.until(d -> text("uploadResult").startsWith("Stored"));
        browser.settle();
        assertThat(text("uploadResult")).contains("Stored 1 new report with 15 messages");
        assertThat(text("tMessages")).isEqualTo("1,114");
        assertTilesMatchTheApi("example.com", "2026-11-09", "2026-11-21");
        assertThat(text("reports")).contains("Upload Org");

        browser.driver()
                .findElement(By.id("file"))
                .sendKeys(file.toAbsolutePath().toString());
        browser.until(d -> text("uploadResult").contains("already stored"));
        browser.settle();
        assertThat(text("tMessages")).isEqualTo("1,114");
    }

    /**
     * {@link ApiEndToEndTest#UPLOAD_XML} moved to example.com on 2026-11-17 under a new report id: 12 messages pass,
     * 3 fail.
     */
    static String uploadXml() {
        String xml = ApiEndToEndTest.UPLOAD_XML
                .replace("<report_id>up-1</report_id>", "<report_id>browser-up-1</report_id>")
                .replace(
                        "<begin>1763337600</begin><end>1763423999</end>",
                        "<begin>1794873600</begin><end>1794959999</end>")
                .replace("upload.example", "example.com");
        assertThat(xml).contains("browser-up-1", "1794873600", "<domain>example.com</domain>");
        return xml;
    }

    @Test
    void unicodeDomainIsShownAsUnicode() {
        serve();
        browser.open(url("domain=" + IDN + "&" + W46));
        Select domain = new Select(browser.driver().findElement(By.id("domain")));
        assertThat(domain.getFirstSelectedOption().getText()).startsWith("bücher.example");
        assertThat(domain.getOptions()).extracting(WebElement::getText).noneMatch(t -> t.contains("xn--"));
        assertThat(text("tMessages")).isEqualTo("40");
        assertThat(text("weekly")).contains("bücher.example");

        // typed in Unicode, the same domain
        browser.open(url("domain=bücher.example&" + W46));
        assertThat(text("tMessages")).isEqualTo("40");
    }

    @Test
    void aRequestElsewhereIsSeenAndThePageForbidsThem() {
        serve();
        browser.open(url("domain=example.com&" + W46));
        assertThat(browser.requestsElsewhere(HOST, server.port())).isEmpty();
        // a navigation is not stopped by the page's policy, so it shows the check sees what leaves
        browser.js("location.href = 'http://elsewhere.example/probe'");
        List<String> elsewhere = browser.until(d -> {
            List<String> seen = browser.requestsElsewhere(HOST, server.port());
            return seen.isEmpty() ? null : seen;
        });
        assertThat(elsewhere).contains("http://elsewhere.example/probe");
        browser.consoleErrors();
        assertThat(http.get("/").headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'", "connect-src 'self'"));
        browser.open(url("domain=example.com&" + W46));
    }

    @Test
    void pageIsReadableAt390PixelsWide() throws Exception {
        serve();
        browser.emulateScreen(390, 844);
        browser.open(url("domain=example.com&" + W46));
        long pageWidth = (Long) browser.js("return document.documentElement.scrollWidth");
        assertThat(pageWidth).as("page width at 390 px").isLessThanOrEqualTo(390);
        for (String id : List.of("domain", "from", "to", "tMessages", "volumeChart", "shareChart", "q", "sources")) {
            WebElement e = browser.driver().findElement(By.id(id));
            assertThat(e.isDisplayed()).as(id + " shown").isTrue();
            // a wide table scrolls inside its own box; the box must fit
            long right = (Long) browser.js(
                    "return Math.ceil((arguments[0].closest('.scroll') || arguments[0]).getBoundingClientRect().right)",
                    e);
            assertThat(right).as(id + " within the screen").isLessThanOrEqualTo(390);
        }
        assertThat(text("tMessages")).isEqualTo("1,099");
        browser.screenshot(storeName() + "-390px-top");
        // the sources table scrolls sideways in its box; the after-test screenshot shows it
        browser.js("document.getElementById('sources').scrollIntoView()");
    }
}
