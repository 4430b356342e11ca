package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.WholeReport;
import io.ruaflow.samples.TlsReportBuilder;
import io.ruaflow.samples.ZoneDnsServer;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTlsTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-30");

    @TempDir
    Path dir;

    @Test
    void tlsOfADomainCountsSessionsFailuresAndReporters() throws Exception {
        try (ReportStore store = ReportStores.open("duckdb:" + dir.resolve("t.duckdb"));
                ApiServer server = ApiServer.start(
                        ApiSettings.loopback(0),
                        store,
                        UploadHandler.refusing("read-only"),
                        new SimpleMeterRegistry())) {
            String json = TlsReportBuilder.json(
                    "Google Inc.",
                    "g-1",
                    "bücher.example",
                    DAY,
                    90,
                    List.of(
                            new TlsReportBuilder.Failure(
                                    "certificate-expired", "209.85.220.41", "mx.xn--bcher-kva.example", null, 6),
                            new TlsReportBuilder.Failure("starttls-not-supported", null, "mx2.example", null, 4)),
                    false);
            for (WholeReport report : new ReportParser()
                    .parseWhole(ReportInput.ofBytes("g.json", json.getBytes(StandardCharsets.UTF_8)))) {
                store.write(List.of(WholeReportMessage.of(report)));
            }
            Http http = new Http(server.port(), null);

            HttpResponse<String> response =
                    http.get("/api/domains/xn--bcher-kva.example/tls?from=2026-11-29&to=2026-11-30");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode tls = Http.json(response);
            assertThat(tls.get("domain").asText()).isEqualTo("xn--bcher-kva.example");
            assertThat(tls.get("successful_sessions").asLong()).isEqualTo(90);
            assertThat(tls.get("failed_sessions").asLong()).isEqualTo(10);
            assertThat(tls.get("days")).hasSize(2);
            assertThat(tls.get("days").get(1).get("failed_sessions").asLong()).isEqualTo(10);
            assertThat(tls.get("by_result_type").get(0).get("result_type").asText())
                    .isEqualTo("certificate-expired");
            assertThat(tls.get("by_receiving_mx").get(1).get("receiving_mx").asText())
                    .isEqualTo("mx2.example");
            assertThat(tls.get("reporters").get(0).get("organization").asText()).isEqualTo("Google Inc.");
            assertThat(tls.get("mta_sts").isNull()).as("no DNS, no live state").isTrue();

            String csv = http.get("/api/domains/XN--BCHER-KVA.example/tls?from=2026-11-30&to=2026-11-30&format=csv")
                    .body();
            assertThat(csv.lines().toList())
                    .containsExactly("day,successful_sessions,failed_sessions", "2026-11-30,90,10");

            // a domain that only sends TLS reports here has a weekly report and a summary, not a 404
            HttpResponse<String> weekly = http.get("/api/domains/xn--bcher-kva.example/weekly?week=2026-W49");
            assertThat(weekly.statusCode()).as(weekly.body()).isEqualTo(200);
            JsonNode week = Http.json(weekly);
            assertThat(week.get("volume").get("messages").asLong()).isZero();
            assertThat(week.get("tls").get("successful_sessions").asLong()).isEqualTo(90);
            assertThat(week.get("tls").get("failed_sessions").asLong()).isEqualTo(10);
            HttpResponse<String> html = http.get("/api/domains/xn--bcher-kva.example/weekly?week=2026-W49&format=html");
            assertThat(html.statusCode()).as(html.body()).isEqualTo(200);
            assertThat(html.body()).contains("certificate-expired");
            JsonNode listed = Http.json(http.get("/api/domains?from=2026-11-30&to=2026-11-30"));
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("domain").asText()).isEqualTo("xn--bcher-kva.example");
            assertThat(listed.get(0).get("messages").asLong()).isZero();
            JsonNode allTime = Http.json(http.get("/api/domains/xn--bcher-kva.example/tls?from=all"));
            assertThat(allTime.get("successful_sessions").asLong()).isEqualTo(90);
            assertThat(allTime.get("days").get(0).get("day").asText()).isEqualTo("2026-11-30");
            HttpResponse<String> summary = http.get("/api/domains/xn--bcher-kva.example/summary");
            assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
            assertThat(http.get("/api/domains/other.example/weekly?week=2026-W49")
                            .statusCode())
                    .isEqualTo(404);

            JsonNode none = Http.json(http.get("/api/domains/other.example/tls?from=2026-11-30&to=2026-11-30"));
            assertThat(none.get("successful_sessions").asLong()).isZero();
            assertThat(http.get("/api/domains/not%20a%20domain/tls").statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void tlsCarriesTheLiveMtaStsStateWhenTheServerHasDns() throws Exception {
        try (ZoneDnsServer dns = ZoneDnsServer.start(0);
                ReportStore store = ReportStores.open("duckdb:" + dir.resolve("t.duckdb"));
                DnsPosture posture = new DnsPosture(dns.hostAndPort(), store);
                ApiServer server = ApiServer.start(
                        ApiSettings.loopback(0),
                        store,
                        UploadHandler.refusing("read-only"),
                        new SimpleMeterRegistry(),
                        posture)) {
            dns.addZoneText(String.join(
                    "\n",
                    "_mta-sts.example.com. 300 IN TXT \"v=STSv1; id=2026w49\"",
                    "example.com. 300 IN MX 10 mx1.example.com.",
                    "_smtp._tls.example.com. 300 IN TXT \"v=TLSRPTv1; rua=mailto:tls@example.com\"",
                    ""));
            JsonNode tls = Http.json(new Http(server.port(), null).get("/api/domains/example.com/tls"));
            assertThat(tls.get("successful_sessions").asLong()).isZero();
            JsonNode sts = tls.get("mta_sts");
            assertThat(sts.get("txt_record").asText()).isEqualTo("v=STSv1; id=2026w49");
            assertThat(sts.get("id").asText()).isEqualTo("2026w49");
            assertThat(sts.get("policy_url").asText()).isEqualTo("https://mta-sts.example.com/.well-known/mta-sts.txt");
            assertThat(sts.get("mode").isNull()).isTrue();
            assertThat(sts.get("tls_rpt_record").asText()).isEqualTo("v=TLSRPTv1; rua=mailto:tls@example.com");
            List<String> codes = new java.util.ArrayList<>();
            sts.get("findings")
                    .forEach(f -> codes.add(
                            f.get("severity").asText() + " " + f.get("code").asText()));
            assertThat(codes)
                    .containsExactlyInAnyOrder(
                            "info mta-sts.ok", "error mta-sts.policy.unreachable", "info tls-rpt.ok");
        }
    }
}
