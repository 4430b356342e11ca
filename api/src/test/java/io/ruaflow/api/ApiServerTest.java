package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.api.UploadHandler.IngestedReport;
import io.ruaflow.api.UploadHandler.UploadResult;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainOverview;
import io.ruaflow.store.StoreUnavailableException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiServerTest {
    static final Clock NOV_21 = Clock.fixed(Instant.parse("2026-11-21T15:00:00Z"), ZoneOffset.UTC);
    static final String TOKEN = "s3cret-token-of-some-length";

    private final CannedStore store = new CannedStore();
    private final List<String> uploaded = new CopyOnWriteArrayList<>();
    private final UploadHandler uploads = input -> {
        String text = new String(input.open().readAllBytes(), StandardCharsets.UTF_8);
        if (!text.startsWith("<feedback>")) {
            throw new ReportRejectedException(input.name(), "not an aggregate report (no <feedback> element)");
        }
        uploaded.add(input.name() + ":" + text.length());
        return new UploadResult(
                input.name(),
                "00",
                List.of(new IngestedReport(
                        "aggregate", CannedStore.UID, "google.com", "r-1", "example.com", 2, 30, List.of(), false)));
    };
    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Http start(ApiSettings settings) {
        server = ApiServer.start(settings, store, uploads, new SimpleMeterRegistry(), NOV_21);
        return new Http(server.port(), settings.token());
    }

    private Http start() {
        return start(ApiSettings.loopback(0).withMaxUploadBytes(4096));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("/api/domains/nosuch.example/summary", 404, "no reports for domain nosuch.example"),
                Arguments.of(
                        "/api/domains/nosuch.example/weekly?week=2026-W46",
                        404,
                        "no reports for domain nosuch.example"),
                Arguments.of("/api/domains/bad%20domain!/sources", 400, "not a domain name: bad domain!"),
                Arguments.of(
                        "/api/domains/example.com/sources?from=2026-13-01",
                        400,
                        "from must be a date like 2026-11-16 or all: 2026-13-01"),
                Arguments.of(
                        "/api/domains/example.com/sources?to=yesterday",
                        400,
                        "to must be a date like 2026-11-16: yesterday"),
                Arguments.of(
                        "/api/domains/example.com/sources?from=2026-11-10&to=2026-11-01", 400, "ends before it starts"),
                Arguments.of(
                        "/api/domains/example.com/sources?limit=0",
                        400,
                        "limit must be a whole number between 1 and 10000: 0"),
                Arguments.of(
                        "/api/domains/example.com/sources?limit=abc",
                        400,
                        "limit must be a whole number between 1 and 10000: abc"),
                Arguments.of(
                        "/api/domains/example.com/sources?limit=10001",
                        400,
                        "limit must be a whole number between 1 and 10000: 10001"),
                Arguments.of(
                        "/api/domains/example.com/sources?failing=maybe", 400, "failing must be true or false: maybe"),
                Arguments.of("/api/domains/example.com/sources?format=xml", 400, "format must be json or csv: xml"),
                Arguments.of(
                        "/api/domains/example.com/weekly?week=2026-46", 400, "week must look like 2026-W46: 2026-46"),
                Arguments.of("/api/domains/example.com/weekly?week=2025-W53", 400, "week 2025-W53 does not exist"),
                Arguments.of(
                        "/api/domains/example.com/weekly?format=pdf",
                        400,
                        "format must be one of json, csv, html: pdf"),
                Arguments.of("/api/reports?limit=-5", 400, "limit must be a whole number between 1 and 10000: -5"),
                Arguments.of(
                        "/api/reports/ffffffffffffffffffffffffffffffff",
                        404,
                        "no report with uid ffffffffffffffffffffffffffffffff"),
                Arguments.of("/api/reports/not-hex", 400, "report uid must be up to 64 hex digits: not-hex"),
                Arguments.of("/api/nothing", 404, "no such endpoint: GET /api/nothing"),
                Arguments.of(
                        "/api/domains/example.com/timeseries?from=%2B999999999-12-31",
                        400, "from must be between 1970-01-01 and 9999-12-31: +999999999-12-31"),
                Arguments.of(
                        "/api/domains/example.com/summary?to=-999999999-01-01",
                        400,
                        "to must be between 1970-01-01 and 9999-12-31: -999999999-01-01"),
                Arguments.of("/api/reports?domain=example.com%00", 400, "domain contains the control character U+0000"),
                Arguments.of("/api/reports?domain=example.com%0A", 400, "domain contains the control character U+000A"),
                Arguments.of("/api/reports?domain=example..com", 400, "not a domain name: example..com"),
                Arguments.of("/api/domains/example..com/summary", 400, "not a domain name: example..com"),
                Arguments.of(
                        "/api/domains/example.com/weekly?week=2026-W46%00",
                        400, "week contains the control character U+0000"),
                Arguments.of("/api/reports?limit=1%0D%0A", 400, "limit contains the control character U+000D: 1??"),
                Arguments.of("/api/reports?format=" + "c".repeat(2000), 400, "format is longer than 1024 characters"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badRequests")
    void badInputGetsA4xxWithAJsonErrorNamingTheValue(String path, int status, String message) {
        HttpResponse<String> response = start().get(path);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(Http.json(response).path("error").asText()).contains(message);
        assertThat(response.body()).doesNotContain("at io.").doesNotContain("Exception");
    }

    @Test
    void listsDefaultToTheLastThirtyDaysEndingToday() {
        Http http = start();
        assertThat(http.get("/api/domains").statusCode()).isEqualTo(200);
        assertThat(http.get("/api/domains/example.com/sources?from=2026-11-01").statusCode())
                .isEqualTo(200);
        assertThat(http.get("/api/domains/example.com/sources?to=2026-11-10&failing=true&limit=5")
                        .statusCode())
                .isEqualTo(200);
        assertThat(store.calls)
                .containsExactly(
                        "domains 2026-10-23..2026-11-21",
                        "sources example.com 2026-11-01..2026-11-21 SourceQuery[failingOnly=false, partialOnly=false,"
                                + " newOnly=false, limit=100, reporter=null]",
                        "sources example.com 2026-10-12..2026-11-10 SourceQuery[failingOnly=true, partialOnly=false,"
                                + " newOnly=false, limit=5, reporter=null]");
    }

    @Test
    void sourcesTakePartialAndNewFiltersAndSayHowManyMatchInAll() {
        Http http = start();
        HttpResponse<String> failing = http.get("/api/domains/example.com/sources?failing=true&limit=1");
        assertThat(failing.headers().firstValue("X-Total-Count")).hasValue("1");
        assertThat(http.get("/api/domains/example.com/sources?limit=1")
                        .headers()
                        .firstValue("X-Total-Count"))
                .hasValue("2");
        JsonNode row = Http.json(failing).get(0);
        assertThat(row.path("dkim_keys").get(0).path("status").asText()).isEqualTo("missing");
        assertThat(row.path("fresh_spf_mechanism").asText()).isEqualTo("-all");
        assertThat(row.path("ptr_confirmed").asBoolean(true)).isFalse();
        assertThat(row.path("first_seen").asText()).isEqualTo("2026-11-10");
        assertThat(http.get("/api/domains/example.com/sources?failing=true&format=csv")
                        .body())
                .contains("DKIM selector s1 for example.com: key missing");
        http.get("/api/domains/example.com/sources?partial=true&new=1");
        assertThat(store.calls)
                .contains("sources example.com 2026-10-23..2026-11-21 SourceQuery[failingOnly=false,"
                        + " partialOnly=true, newOnly=true, limit=100, reporter=null]");
        assertThat(Http.json(http.get("/api/domains/example.com/sources?partial=perhaps"))
                        .path("error")
                        .asText())
                .isEqualTo("partial must be true or false: perhaps");
    }

    @Test
    void sourcesAreGroupedByServicePtrOrNetwork() {
        Http http = start();
        HttpResponse<String> byNet = http.get("/api/domains/example.com/sources?group=net&limit=1");
        JsonNode groups = Http.json(byNet);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path("key").asText()).isEqualTo("192.0.2.0/24");
        assertThat(groups.get(0).path("by").asText()).isEqualTo("net");
        assertThat(byNet.headers().firstValue("X-Total-Count")).hasValue("2");
        assertThat(byNet.headers().firstValue("X-Grouped-Sources")).hasValue("2");
        assertThat(store.calls)
                .contains("sources example.com 2026-10-23..2026-11-21 SourceQuery[failingOnly=false,"
                        + " partialOnly=false, newOnly=false, limit=10000, reporter=null]");
        assertThat(http.get("/api/domains/example.com/sources?group=service&format=csv")
                        .body())
                .startsWith("by,key,sources,messages,dmarc_pass,dmarc_fail,partial,source_ips,source_ips_omitted\r\n")
                .contains("service,\"Example, Inc.\",1,20,20,0,0,192.0.2.1,0\r\n");
        HttpResponse<String> bad = http.get("/api/domains/example.com/sources?group=asn");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Http.json(bad).path("error").asText()).isEqualTo("group must be one of service, ptr, net: asn");
    }

    @Test
    void oneSourceInDetailByIpInAnyTextualForm() {
        Http http = start();
        JsonNode detail = Http.json(http.get("/api/domains/Example.com/sources/203.0.113.9?from=2026-11-01"));
        assertThat(detail.path("source_ip").asText()).isEqualTo("203.0.113.9");
        assertThat(detail.path("source").path("dmarc_fail").asLong()).isEqualTo(10);
        assertThat(detail.path("header_from").get(0).path("value").asText()).isEqualTo("example.com");
        assertThat(detail.path("dkim_keys").get(0).path("status").asText()).isEqualTo("missing");
        assertThat(store.calls).contains("source example.com 203.0.113.9 2026-11-01..2026-11-21");

        HttpResponse<String> missing = http.get("/api/domains/example.com/sources/192.0.2.200");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Http.json(missing).path("error").asText())
                .isEqualTo("source 192.0.2.200 sent no mail as example.com from 2026-10-23 to 2026-11-21");
        http.get("/api/domains/example.com/sources/2001:DB8:0:0::1");
        assertThat(store.calls).contains("source example.com 2001:db8::1 2026-10-23..2026-11-21");
        HttpResponse<String> bad = http.get("/api/domains/example.com/sources/not-an-ip");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Http.json(bad).path("error").asText()).isEqualTo("not an IP address: not-an-ip");
        HttpResponse<String> zoned = http.get("/api/domains/example.com/sources/fe80::1%25eth0");
        assertThat(zoned.statusCode()).isEqualTo(400);
        assertThat(Http.json(zoned).path("error").asText()).isEqualTo("not an IP address: fe80::1%eth0");
    }

    @Test
    void rangesOfSeveralYearsAndFromAllAreAnswered() {
        Http http = start();
        assertThat(http.get("/api/domains/example.com/sources?from=2020-01-01&to=2026-11-01")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.get("/api/domains/example.com/sources?from=all&failing=true")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.get("/api/domains?from=ALL&to=2026-11-15").statusCode()).isEqualTo(200);
        assertThat(store.calls)
                .containsExactly(
                        "sources example.com 2020-01-01..2026-11-01 SourceQuery[failingOnly=false, partialOnly=false,"
                                + " newOnly=false, limit=100, reporter=null]",
                        "storedDomains",
                        "sources example.com 2026-11-10..2026-11-21 SourceQuery[failingOnly=true, partialOnly=false,"
                                + " newOnly=false, limit=100, reporter=null]",
                        "storedDomains",
                        "domains 2026-11-10..2026-11-15");
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromTheCacheUntilAnUploadClearsIt() {
        Http http = start();
        String body = http.get("/api/domains/example.com/sources?failing=true").body();
        assertThat(http.get("/api/domains/example.com/sources?failing=true").body())
                .isEqualTo(body);
        assertThat(http.get("/api/domains/example.com/sources?failing=true&format=csv")
                        .statusCode())
                .isEqualTo(200);
        assertThat(store.calls)
                .as("the store is asked once; each format is rendered from that answer and kept")
                .hasSize(1);
        http.post("/api/reports", BodyPublishers.ofString("<feedback>x</feedback>"));
        http.get("/api/domains/example.com/sources?failing=true");
        assertThat(store.calls).hasSize(2);
    }

    @Test
    void aZeroTimeToLiveTurnsTheCacheOff() {
        Http http = start(ApiSettings.loopback(0).withCacheTtl(java.time.Duration.ZERO));
        http.get("/api/domains");
        http.get("/api/domains");
        assertThat(store.calls).hasSize(2);
    }

    @Test
    void concurrentIdenticalQuestionsCostOneQuery() throws Exception {
        QueryCache cache = new QueryCache(java.time.Duration.ofMinutes(1));
        java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> cache.get("k", () -> {
                    queries.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return "answer";
                })));
            }
            Thread.sleep(200);
            release.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo("answer");
            }
            assertThat(queries).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
        assertThatThrownBy(() -> cache.get("boom", () -> {
                    throw new StoreUnavailableException("down", null);
                }))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(cache.get("boom", () -> "recovered")).isEqualTo("recovered");
    }

    @Test
    void anExpiredAnswerIsServedWhileABackgroundThreadRefreshesIt() throws Exception {
        try (QueryCache cache = new QueryCache(java.time.Duration.ofMillis(300))) {
            assertThat(cache.get("k", () -> "v1")).isEqualTo("v1");
            Thread.sleep(350);
            java.util.concurrent.CountDownLatch refreshing = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            assertThat(cache.<String>get("k", () -> {
                        refreshing.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return "v2";
                    }))
                    .isEqualTo("v1");
            refreshing.await();
            assertThat(cache.<String>get("k", () -> {
                        throw new AssertionError("only one refresh at a time");
                    }))
                    .isEqualTo("v1");
            release.countDown();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            String seen = "v1";
            while (seen.equals("v1") && System.nanoTime() < deadline) {
                Thread.sleep(10);
                seen = cache.get("k", () -> "v3");
            }
            assertThat(seen).isEqualTo("v2");
        }
    }

    @Test
    void domainsAreMatchedCaseInsensitively() {
        HttpResponse<String> response = start().get("/api/domains/EXAMPLE.com/summary?from=2026-11-01&to=2026-11-07");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = Http.json(response);
        assertThat(json.path("domain").asText()).isEqualTo("example.com");
        assertThat(json.path("range").path("from").asText()).isEqualTo("2026-11-01");
        assertThat(json.path("dmarc_fail").asLong()).isEqualTo(10);
    }

    @Test
    void everyListIsAlsoCsvByParameterOrAcceptHeader() {
        Http http = start();
        for (String path : List.of(
                "/api/domains",
                "/api/domains/example.com/sources",
                "/api/domains/example.com/timeseries",
                "/api/reports")) {
            HttpResponse<String> byParam = http.get(path + "?format=csv");
            HttpResponse<String> byAccept = http.get(path, "Accept", "text/csv");
            assertThat(byParam.statusCode()).as(path).isEqualTo(200);
            assertThat(byParam.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/csv");
            assertThat(byAccept.body()).as(path).isEqualTo(byParam.body());
        }
        assertThat(http.get("/api/domains/example.com/sources?format=csv").body())
                .startsWith("source_ip,ptr_name,ptr_confirmed,ptr_base_domain,service,messages,dmarc_pass,dmarc_fail,"
                        + "spf_aligned,dkim_aligned,partial,differs_from_reporter,fresh_spf_result,fresh_spf_mechanism,"
                        + "dkim_keys,classification,first_seen\r\n")
                .contains("192.0.2.1,mx.example.com,true,example.com,\"Example, Inc.\",20,20,0,20,20,0,0,pass,"
                        + "ip4:192.0.2.1,,aligned,2026-11-10\r\n")
                .contains("203.0.113.9,'-evil.example,false,,,10,0,10,0,0,0,0,fail,'-all,"
                        + "DKIM selector s1 for example.com: key missing,unauthorized,2026-11-10\r\n");
        assertThat(http.get("/api/reports?format=csv").body()).contains(",'=cmd|' /C calc'!A0; second warning,");
        assertThat(http.get("/api/domains/example.com/timeseries?from=2026-11-01&to=2026-11-03", "Accept", "text/csv")
                        .body())
                .isEqualTo("day,messages,dmarc_pass,dmarc_fail,spf_aligned,dkim_aligned\r\n2026-11-01,3,2,1,2,2\r\n"
                        + "2026-11-02,3,2,1,2,2\r\n2026-11-03,3,2,1,2,2\r\n");
    }

    @Test
    void weeklyReportComesInThreeFormatsAndDefaultsToLastCompleteWeek() {
        Http http = start();
        JsonNode json = Http.json(http.get("/api/domains/example.com/weekly"));
        assertThat(json.path("week").asText()).isEqualTo("2026-W46");
        HttpResponse<String> html = http.get("/api/domains/example.com/weekly?week=2026-W45&format=html");
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(html.body()).contains("<svg").contains("2026-W45").doesNotContain("<b>Corp");
        HttpResponse<String> csv = http.get("/api/domains/example.com/weekly?week=2026-W45&format=csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("dmarc-example.com-2026-W45.csv");
        assertThat(csv.body()).startsWith("section,summary\r\n");
    }

    @Test
    void reportsListAndLookup() {
        Http http = start();
        JsonNode list = Http.json(http.get("/api/reports"));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("warnings")).hasSize(2);
        JsonNode one = Http.json(http.get("/api/reports/" + CannedStore.UID.toUpperCase()));
        assertThat(one.path("report_id").asText()).isEqualTo("r-1");
        assertThat(one.path("begin").asText()).isEqualTo("2026-11-10T00:00:00Z");
        assertThat(one.path("page").path("records").isArray()).isTrue();
        http.get("/api/reports/" + CannedStore.UID + "?offset=1&limit=1");
        assertThat(store.calls)
                .contains("records " + CannedStore.UID + " 0 100", "records " + CannedStore.UID + " 1 1");
        assertThat(Http.json(http.get("/api/reports/" + CannedStore.UID + "?offset=-1"))
                        .path("error")
                        .asText())
                .isEqualTo("offset must be a whole number between 0 and 1000000000: -1");
    }

    @Test
    void uploadAsRawBodyAndAsMultipartAnswersWithWhatWasIngested() {
        Http http = start();
        HttpResponse<String> raw =
                http.post("/api/reports?filename=r.xml", BodyPublishers.ofString("<feedback>raw</feedback>"));
        assertThat(raw.statusCode()).isEqualTo(200);
        JsonNode answer = Http.json(raw);
        assertThat(answer.path("files")
                        .get(0)
                        .path("reports")
                        .get(0)
                        .path("report_uid")
                        .asText())
                .isEqualTo(CannedStore.UID);
        assertThat(answer.path("files")
                        .get(0)
                        .path("reports")
                        .get(0)
                        .path("records")
                        .asLong())
                .isEqualTo(2);
        assertThat(answer.path("rejected")).isEmpty();

        String boundary = "----ruaflowtest";
        String multipart =
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.xml\"\r\n"
                        + "Content-Type: application/xml\r\n\r\n<feedback>multi</feedback>\r\n--" + boundary + "--\r\n";
        HttpResponse<String> multi = http.post(
                "/api/reports",
                BodyPublishers.ofString(multipart),
                "Content-Type",
                "multipart/form-data; boundary=" + boundary);
        assertThat(multi.statusCode()).as(multi.body()).isEqualTo(200);
        assertThat(uploaded).containsExactly("upload:r.xml:24", "upload:a_b.xml:26");
    }

    static Stream<Arguments> malformedMultipart() {
        String part = "Content-Disposition: form-data; name=\"file\"; filename=\"r.xml\"\r\n\r\n<feedback/>";
        String longBoundary = "b".repeat(5_000);
        return Stream.of(
                Arguments.of("multipart/form-data", "--x\r\n" + part + "\r\n--x--", "no boundary"),
                Arguments.of(
                        "multipart/form-data; boundary=x",
                        "--y\r\n" + part + "\r\n--y--",
                        "multipart upload body is malformed"),
                Arguments.of(
                        "multipart/form-data; boundary=x",
                        "--x\r\nContent-Type: text/xml\r\n\r\n<feedback/>\r\n--x--",
                        "multipart upload"),
                Arguments.of("multipart/form-data; boundary=x", "--x\r\n" + part, "multipart upload body is malformed"),
                Arguments.of(
                        "multipart/form-data; boundary=" + longBoundary,
                        "--" + longBoundary + "\r\n" + part + "\r\n--" + longBoundary + "--",
                        "multipart boundary must be 1 to 70 characters (RFC 2046), not 5000"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("malformedMultipart")
    void malformedMultipartIsA400NotA500(String contentType, String body, String message) {
        server = ApiServer.start(
                ApiSettings.loopback(0).withMaxUploadBytes(64 * 1024),
                store,
                uploads,
                new SimpleMeterRegistry(),
                NOV_21);
        RawHttp.Response response = RawHttp.send(
                server.port(),
                "POST /api/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.body()).contains(message).doesNotContain("Exception");
        assertThat(uploaded).isEmpty();
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(strings = {"zz", "FFFFFFFFFFFFFFFFFFFFFF"})
    void malformedChunkedBodyIsA400WithAJsonError(String chunkSize) {
        server = ApiServer.start(
                ApiSettings.loopback(0).withMaxUploadBytes(4096), store, uploads, new SimpleMeterRegistry(), NOV_21);
        RawHttp.Response response = RawHttp.send(
                server.port(),
                "POST /api/reports HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkSize
                        + "\r\n<feedback/>\r\n0\r\n\r\n");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"error\":\"upload body is malformed: ");
        assertThat(uploaded).isEmpty();
    }

    @Test
    void rejectedUploadIs422WithTheReason() {
        HttpResponse<String> response = start().post("/api/reports?filename=x.txt", BodyPublishers.ofString("hello"));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(Http.json(response).path("error").asText())
                .isEqualTo("upload:x.txt: not an aggregate report (no <feedback> element)");
    }

    @Test
    void oversizedAndEmptyUploadsAreRefused() {
        Http http = start();
        HttpResponse<String> big = http.post("/api/reports", BodyPublishers.ofByteArray(new byte[5000]));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(Http.json(big).path("error").asText())
                .isEqualTo(
                        "upload of 5000+ bytes is over the limit of 4096 bytes (raised by ruaflow api --max-upload-bytes)");
        HttpResponse<String> chunked = http.post(
                "/api/reports", BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[9000])));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(Http.json(chunked).path("error").asText()).contains("over the limit of 4096 bytes");
        HttpResponse<String> empty = http.post("/api/reports", BodyPublishers.noBody());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(Http.json(empty).path("error").asText()).startsWith("empty upload");
        assertThat(uploaded).isEmpty();
    }

    @Test
    void tokenIsEnforcedWhenSetExceptOnProbes() {
        start(ApiSettings.loopback(0).withToken(TOKEN));
        Http anonymous = new Http(server.port(), null);
        Http wrong = new Http(server.port(), "not-the-right-token-at-all");
        Http right = new Http(server.port(), TOKEN);
        HttpResponse<String> denied = anonymous.get("/api/domains");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ruaflow\"");
        assertThat(Http.json(denied).path("error").asText()).startsWith("missing bearer token");
        assertThat(Http.json(wrong.get("/api/domains")).path("error").asText()).isEqualTo("wrong bearer token");
        assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(401);
        assertThat(anonymous
                        .post("/api/reports", BodyPublishers.ofString("<feedback/>"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(right.get("/api/domains").statusCode()).isEqualTo(200);
        for (String open : List.of("/healthz", "/readyz", "/", "/dashboard.js", "/dashboard.css", "/openapi.json")) {
            assertThat(anonymous.get(open).statusCode()).as(open).isEqualTo(200);
        }
        assertThat(uploaded).isEmpty();
    }

    @Test
    void loopbackWithoutTokenIsOpen() {
        assertThat(start().get("/api/domains").statusCode()).isEqualTo(200);
    }

    @Test
    void anyAddressNeedsAToken() {
        assertThatThrownBy(() -> ApiServer.start(
                        ApiSettings.loopback(0).withBindAddress("0.0.0.0"), store, uploads, new SimpleMeterRegistry()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "refusing to listen on 0.0.0.0 without a bearer token: set RUAFLOW_API_TOKEN or give a token file");
        Http http = start(ApiSettings.loopback(0).withBindAddress("0.0.0.0").withToken(TOKEN));
        assertThat(http.get("/api/domains").statusCode()).isEqualTo(200);
        assertThat(new Http(server.port(), null).get("/api/domains").statusCode())
                .isEqualTo(401);
    }

    @Test
    void shortTokensAndTokenFilesAreValidated(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertThatThrownBy(() -> ApiSettings.loopback(0).withToken("short"))
                .hasMessage("bearer token must be at least 16 characters: got 5");
        java.nio.file.Path file = dir.resolve("token");
        java.nio.file.Files.writeString(file, "  " + TOKEN + "\nignored\n");
        assertThat(ApiSettings.tokenFrom(file, java.util.Map.of(ApiSettings.TOKEN_ENV, "other")))
                .isEqualTo(TOKEN);
        assertThat(ApiSettings.tokenFrom(null, java.util.Map.of(ApiSettings.TOKEN_ENV, "from-env")))
                .isEqualTo("from-env");
        assertThat(ApiSettings.tokenFrom(null, java.util.Map.of())).isNull();
        assertThatThrownBy(() -> ApiSettings.tokenFrom(dir.resolve("missing"), java.util.Map.of()))
                .hasMessageStartingWith("cannot read token file " + dir.resolve("missing"));
        assertThat(ApiSettings.loopback(0).withToken(TOKEN).toString()).doesNotContain(TOKEN);
    }

    @Test
    void metricsIncludeThePipelineCountersOfTheGivenRegistry() {
        CompositeMeterRegistry registry = new CompositeMeterRegistry();
        registry.counter("ruaflow.reports.parsed").increment(7);
        server = ApiServer.start(ApiSettings.loopback(0), store, uploads, registry, NOV_21);
        registry.counter("ruaflow.reports.parsed").increment(7);
        Http http = new Http(server.port(), null);
        http.get("/api/domains");
        HttpResponse<String> metrics = http.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("ruaflow_reports_parsed_total 7.0");
        assertThat(metrics.body())
                .contains("ruaflow_api_requests_seconds_count{method=\"GET\",route=\"/api/domains\",status=\"200\"} 1");
    }

    @Test
    void aPrometheusRegistryIsScrapedDirectly() {
        var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        registry.counter("ruaflow.records.stored").increment(42);
        server = ApiServer.start(ApiSettings.loopback(0), store, uploads, registry, NOV_21);
        assertThat(new Http(server.port(), null).get("/metrics").body()).contains("ruaflow_records_stored_total 42.0");
    }

    @Test
    void storeOutageIs503AndABugIs500WithoutAStackTrace() {
        CannedStore failing = new CannedStore() {
            @Override
            public List<DomainOverview> domains(DateRange range) {
                throw new StoreUnavailableException("connection refused to clickhouse://db:8123", null);
            }

            @Override
            public java.util.Optional<io.ruaflow.store.ReportInfo> report(String uid) {
                throw new NullPointerException("boom");
            }
        };
        server = ApiServer.start(ApiSettings.loopback(0), failing, uploads, new SimpleMeterRegistry(), NOV_21);
        Http http = new Http(server.port(), null);
        HttpResponse<String> down = http.get("/api/domains");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(Http.json(down).path("error").asText()).contains("connection refused");
        HttpResponse<String> bug = http.get("/api/reports/" + CannedStore.UID);
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(Http.json(bug).path("error").asText()).startsWith("internal error, logged with id ");
        assertThat(bug.body()).doesNotContain("boom").doesNotContain("NullPointer");
    }

    @Test
    void healthAndReadiness() {
        Http http = start();
        assertThat(Http.json(http.get("/healthz")).path("status").asText()).isEqualTo("ok");
        assertThat(Http.json(http.get("/readyz")).path("store").asText()).isEqualTo("canned");
        assertThat(http.get("/").body()).contains("<title>ruaflow</title>");
    }

    @Test
    void closeIsIdempotentAndFreesThePort() {
        start();
        int port = server.port();
        server.close();
        server.close();
        server = ApiServer.start(ApiSettings.loopback(port), store, uploads, new SimpleMeterRegistry(), NOV_21);
        assertThat(server.port()).isEqualTo(port);
    }
}
