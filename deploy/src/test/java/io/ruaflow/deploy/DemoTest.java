package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.parser.ReportJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ruaflow run --demo} as a newcomer meets it: the committed sample set imported through the in-process
 * pipeline, re-checked against the sample zone on loopback DNS, and answered over HTTP. The expected totals are
 * the ones samples/demo/README.md documents for the set.
 */
class DemoTest {
    private static final String RANGE = "from=2026-10-01&to=2026-11-30";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DemoHook.Demo demo;
    private static final StringWriter printed = new StringWriter();

    @BeforeAll
    static void startDemo() throws Exception {
        Path reports = projectRoot().resolve("samples/demo/reports");
        demo = DemoHook.start(reports, 0, new PrintWriter(printed, true));
    }

    @AfterAll
    static void stopDemo() {
        demo.close();
        demo.close();
    }

    @Test
    void everyDemoReportIsImportedOnce() throws Exception {
        JsonNode domains = get("/api/domains?" + RANGE);
        long messages = 0;
        for (JsonNode domain : domains) {
            messages += domain.get("messages").asLong();
        }
        assertThat(domains).hasSize(4);
        assertThat(messages).isEqualTo(175_416);
        assertThat(get("/api/reports?limit=1000")).hasSize(150);
    }

    @Test
    void theDemoCarriesTlsAndFailureReportsForADemoDomain() throws Exception {
        JsonNode tls = get("/api/domains/example-shop.com/tls?" + RANGE);
        assertThat(tls.get("successful_sessions").asLong())
                .as("TLS answer %s", tls)
                .isPositive();
        assertThat(tls.get("days")).as("TLS days %s", tls).isNotEmpty();
        JsonNode failures = get("/api/domains/example-shop.com/failures?limit=100&" + RANGE);
        assertThat(failures).as("failure reports").isNotEmpty();
        for (JsonNode failure : failures) {
            assertThat(failure.get("reported_domain").asText()).isEqualTo("example-shop.com");
        }
        // the last demo week has both, so its weekly report's TLS and failure sections are not empty
        String lastWeek = "from=2026-11-09&to=2026-11-15";
        assertThat(get("/api/domains/example-bakery.co.uk/tls?" + lastWeek)
                        .get("successful_sessions")
                        .asLong())
                .isPositive();
        assertThat(get("/api/domains/example-bakery.co.uk/failures?" + lastWeek))
                .isNotEmpty();
    }

    @Test
    void sourcesAreReCheckedAgainstTheDemoZone() throws Exception {
        JsonNode sources = get("/api/domains/example-shop.com/sources?failing=true&limit=100&" + RANGE);
        JsonNode crmTool = find(sources, "203.0.113.9");
        assertThat(crmTool.get("fresh_spf_result").asText()).isEqualTo("pass");
        assertThat(crmTool.get("ptr_name").asText()).isEqualTo("out9.crm-tool.example.net");
        assertThat(crmTool.get("classification").asText()).isEqualTo("misconfigured");
        // "failing" means DMARC fails for some of a source's messages: the demo URL once listed 198.51.100.11 with
        // 574 messages and 0 failing.
        assertThat(sources.findValuesAsText("source_ip")).isNotEmpty().doesNotContain("198.51.100.11");
        for (JsonNode source : sources) {
            assertThat(source.get("dmarc_fail").asLong())
                    .as("failing %s", source)
                    .isPositive();
        }
        for (JsonNode source : sources) {
            if (source.get("classification").asText().equals("unauthorized")) {
                assertThat(source.get("fresh_spf_result").asText())
                        .as("fresh SPF of %s", source.get("source_ip"))
                        .isIn("fail", "softfail", "none", "neutral");
                assertThat(source.get("service").isNull())
                        .as("an unauthorized source is nobody's service: %s", source)
                        .isTrue();
            }
        }
    }

    @Test
    void theUrlsPrintedForNewcomersAnswer() throws Exception {
        String output = printed.toString();
        assertThat(output).contains("http://localhost:" + demo.port() + "/api/domains/");
        for (String line : output.lines().toList()) {
            int at = line.indexOf("http://localhost:");
            if (at < 0 || line.contains("curl")) {
                continue;
            }
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(line.substring(at).trim()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(line).isEqualTo(200);
        }
    }

    private static JsonNode find(JsonNode sources, String ip) {
        for (JsonNode source : sources) {
            if (source.get("source_ip").asText().equals(ip)) {
                return source;
            }
        }
        throw new AssertionError(ip + " not among the failing sources: " + sources);
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + demo.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return ReportJson.mapper().readTree(response.body());
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".ci/run"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("project root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
