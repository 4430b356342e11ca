package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.StoreTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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

    /** The end-to-end data in DuckDB, plus a report from a reporter whose name is markup. */
    static ReportStore storeWithKnownData(Path dir) {
        ReportStore store = ReportStores.open("duckdb:" + dir.resolve("chromium.duckdb"));
        store.write(ApiEndToEndTest.knownData());
        store.write(StoreTestData.report(
                ApiEndToEndTest.header(HOSTILE_ORG, "evil-1", "example.com", LocalDate.of(2026, 11, 12)),
                StoreTestData.Source.passing("192.0.2.1", 1)));
        return store;
    }

    static final String HOSTILE_ORG = "Evil <script>alert(1)</script> Corp";

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

            Files.createDirectories(SCREENSHOT.getParent());
            Files.deleteIfExists(SCREENSHOT);
            Chromium.run(
                    dir,
                    "--screenshot=" + SCREENSHOT.toAbsolutePath(),
                    "--window-size=1200,1600",
                    "--hide-scrollbars",
                    url);
            byte[] png = Files.readAllBytes(SCREENSHOT);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(png.length).isGreaterThan(10_000);
        }
    }
}
