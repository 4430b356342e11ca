package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weekly HTML report and the dashboard, served by ApiServer and rendered by a real headless Chromium. */
class WeeklyReportInChromiumTest {
    /** Where the screenshot is kept for a human to look at. */
    static final Path SCREENSHOT = Path.of("target", "chromium", "weekly-report.png");

    @TempDir
    Path dir;

    @Test
    void weeklyHtmlRendersWithChartAndTables() throws Exception {
        Chromium.assumeInstalled();
        try (ApiServer server = ApiServer.start(
                ApiSettings.loopback(0),
                new CannedStore(),
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
                    .contains("203.0.113.9");
            assertThat(dom.out().split("<table", -1).length - 1).isGreaterThanOrEqualTo(5);
            assertThat(dom.out()).contains("Evil &lt;b&gt;Corp").doesNotContain("<b>Corp");
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

    @Test
    void dashboardListsDomainsAndFailingSources() throws Exception {
        Chromium.assumeInstalled();
        try (ApiServer server = ApiServer.start(
                ApiSettings.loopback(0),
                new CannedStore(),
                UploadHandler.refusing("read-only"),
                new SimpleMeterRegistry())) {
            Chromium.Run dom = Chromium.run(
                    dir, "--virtual-time-budget=10000", "--dump-dom", "http://127.0.0.1:" + server.port() + "/");
            assertThat(dom.out()).contains("<td>example.com</td>").contains("<td>203.0.113.9</td>");
            assertThat(dom.out()).contains("Failing sources of example.com");
            assertThat(dom.err()).doesNotContain("Uncaught");
        }
    }
}
