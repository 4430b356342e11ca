package io.ruaflow.api;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.parser.ReportJson;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven through Debian's chromedriver (package chromium-driver), headless, with every page
 * request recorded so a test can prove none left the machine. Skips loudly when either binary is absent, fails
 * instead under {@code CI=true}. {@link #close()} may be called twice.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** How long a page may take to show what a test waits for (the machine may be loaded). */
    static final Duration WAIT = Duration.ofSeconds(90);
    /** Where screenshots are kept for a human to look at. */
    static final Path SCREENSHOTS = Path.of("target", "browser");

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private boolean closed;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    static void assumeInstalled() {
        Chromium.assumeInstalled();
        if (Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "SKIPPED: " + CHROMEDRIVER + " is not installed (apt-get install chromium-driver); the"
                + " dashboard is not tested in a browser";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true requires it)");
        }
        System.err.println(message);
        Assumptions.abort(message);
    }

    static Browser start() {
        assumeInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Chromium.BINARY.toFile());
        options.addArguments(Chromium.FLAGS);
        options.addArguments(
                "--disable-dev-shm-usage",
                // belt and braces: a request elsewhere cannot even resolve; the test still fails on the attempt
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--lang=en-US",
                "--window-size=1280,1800");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return new Browser(service, driver);
    }

    WebDriver driver() {
        return driver;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Loads {@code url} and waits until the page has no answer on its way. */
    void open(String url) {
        driver.get("about:blank");
        driver.get(url);
        settle();
    }

    /** Waits until the dashboard has no request in flight ({@code body[data-busy]} gone). */
    void settle() {
        until(d -> Boolean.TRUE.equals(js("return document.readyState === 'complete' && !document.body.dataset.busy")));
    }

    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(condition);
    }

    /** The page's width as laid out, and the screen size it pretends to have. */
    void emulateScreen(int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    }

    void resetScreen() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** Saves what the page shows now as {@code target/browser/NAME.png}. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /**
     * Every URL the pages requested since the last call (from Chromium's network log), then forgets them. Includes
     * fetches, scripts, style sheets, images and navigations.
     */
    List<String> requests() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message =
                        ReportJson.mapper().readTree(entry.getMessage()).path("message");
                if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                    urls.add(message.path("params").path("request").path("url").asText());
                }
            } catch (IOException e) {
                throw new IllegalStateException("unreadable performance log entry: " + entry.getMessage(), e);
            }
        }
        return urls;
    }

    /** The requests since the last call that went anywhere but {@code host:port} (data: and about: URLs are local). */
    List<String> requestsElsewhere(String host, int port) {
        List<String> elsewhere = new ArrayList<>();
        for (String url : requests()) {
            if (url.startsWith("data:") || url.startsWith("about:") || url.startsWith("blob:")) {
                continue;
            }
            URI uri = URI.create(url);
            if (!host.equals(uri.getHost()) || uri.getPort() != port) {
                elsewhere.add(url);
            }
        }
        return elsewhere;
    }

    /** Console errors and uncaught exceptions since the last call. */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
