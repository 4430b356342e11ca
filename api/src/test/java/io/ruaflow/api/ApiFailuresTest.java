package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.FailureReportParser;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.samples.FailureSamples;
import io.ruaflow.samples.SampleWorld;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code /api/domains/{d}/failures} and {@code /api/failures/{uid}/headers} over a real store. */
class ApiFailuresTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-10");

    @Test
    void failuresAreListedNewestFirstGroupedBySourceAndTheirHeadersServed() throws Exception {
        List<FailureReport> reports = new ArrayList<>();
        FailureReportParser parser = new FailureReportParser();
        for (FailureSamples.Sample s : FailureSamples.generate(SampleWorld.fromSeed(4, 1), 7, DAY, DAY)) {
            reports.add(parser.parse(ReportInput.ofBytes(s.fileName(), s.mail().getBytes(StandardCharsets.UTF_8))));
        }
        String domain = reports.get(0).reportedDomain();
        try (ReportStore store = ReportStores.open("duckdb::memory:");
                ApiServer server = ApiServer.start(
                        ApiSettings.loopback(0),
                        store,
                        UploadHandler.refusing("read-only"),
                        new SimpleMeterRegistry())) {
            store.writeFailures(reports);
            Http http = new Http(server.port(), null);
            String range = "?from=" + DAY + "&to=" + DAY;

            HttpResponse<String> list = http.get("/api/domains/" + domain.toUpperCase() + "/failures" + range);
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            JsonNode rows = Http.json(list);
            assertThat(rows).hasSize(7);
            assertThat(list.headers().firstValue("X-Total-Count")).contains("7");
            List<String> csv = http.get("/api/domains/" + domain + "/failures" + range + "&format=csv")
                    .body()
                    .lines()
                    .toList();
            assertThat(csv).hasSize(8);
            assertThat(csv.get(0)).startsWith("report_uid,reported_domain,arrival,source_ip,");
            assertThat(csv.get(1)).startsWith(rows.get(0).get("report_uid").asText() + "," + domain + ",");
            List<String> groupedCsv = http.get(
                            "/api/domains/" + domain + "/failures" + range + "&group=source&format=csv")
                    .body()
                    .lines()
                    .toList();
            assertThat(groupedCsv.get(0)).startsWith("source_ip,failures,first,last,");
            // all time starts at the domain's first report of any kind: here failure reports only
            assertThat(Http.json(http.get("/api/domains/" + domain + "/failures?from=all")))
                    .hasSize(7);
            for (int i = 1; i < rows.size(); i++) {
                assertThat(rows.get(i - 1).get("arrival").asText())
                        .isGreaterThanOrEqualTo(rows.get(i).get("arrival").asText());
            }
            assertThat(rows.get(0).get("from").asText()).contains("<redacted@" + domain + ">");
            assertThat(rows.get(0).get("auth_failures").get(0).asText()).isEqualTo("dmarc");

            JsonNode grouped = Http.json(http.get("/api/domains/" + domain + "/failures" + range + "&group=source"));
            Map<String, Integer> expected = new TreeMap<>();
            reports.forEach(r -> expected.merge(r.sourceIp(), 1, Integer::sum));
            Map<String, Integer> actual = new TreeMap<>();
            grouped.forEach(g ->
                    actual.put(g.get("source_ip").asText(), g.get("failures").asInt()));
            assertThat(actual).isEqualTo(expected);
            assertThat(grouped.get(0).get("subject_samples")).isNotEmpty();

            String uid = rows.get(0).get("report_uid").asText();
            HttpResponse<String> headers = http.get("/api/failures/" + uid + "/headers");
            assertThat(headers.statusCode()).isEqualTo(200);
            assertThat(headers.body())
                    .contains("Subject: ")
                    .contains("redacted@")
                    .doesNotContain("Dear customer");
            assertThat(http.get("/api/failures/" + "0".repeat(32) + "/headers").statusCode())
                    .isEqualTo(404);
            assertThat(Http.json(http.get("/api/failures/nothex/headers"))
                            .get("error")
                            .asText())
                    .contains("nothex");
            assertThat(Http.json(http.get("/api/domains/" + domain + "/failures?group=ip"))
                            .get("error")
                            .asText())
                    .isEqualTo("group must be source: ip");
        }
    }
}
