package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.api.UploadHandler.IngestedReport;
import io.ruaflow.api.UploadHandler.UploadResult;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.parser.ReportRejectedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests over raw sockets, the way an attacker sends them: malformed request lines, URIs and headers
 * that Jetty refuses before any route runs, smuggling attempts, broken bodies, and hostile parameter values on
 * every endpoint. Every answer must be below 500 (505 for HTTP versions we do not speak), every 4xx a JSON
 * {@code {"error": ...}} body, no answer may name an internal class, and the server must be healthy afterwards.
 */
class HttpAbuseTest {
    /** Names that would tell an attacker what runs inside. */
    private static final Pattern INTERNAL_NAME =
            Pattern.compile("(?i)javalin|jetty|eclipse|io\\.ruaflow|java\\.|jakarta|exception|servlet|<html");

    private static final String HOST = "Host: localhost\r\n";
    private static final int UPLOAD_LIMIT = 64 * 1024;

    private final CannedStore store = new CannedStore();
    private ApiServer server;

    @BeforeEach
    void start() {
        UploadHandler uploads = input -> {
            String text = new String(input.open().readAllBytes(), StandardCharsets.UTF_8);
            if (!text.startsWith("<feedback>")) {
                throw new ReportRejectedException(input.name(), "not an aggregate report (no <feedback> element)");
            }
            return new UploadResult(
                    input.name(),
                    "00",
                    List.of(new IngestedReport(
                            "aggregate",
                            CannedStore.UID,
                            "google.com",
                            "r-1",
                            "example.com",
                            2,
                            30,
                            List.of(),
                            false)));
        };
        server = ApiServer.start(
                ApiSettings.loopback(0).withMaxUploadBytes(UPLOAD_LIMIT),
                store,
                uploads,
                new SimpleMeterRegistry(),
                ApiServerTest.NOV_21);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Expected status meaning "any 4xx". */
    private static final int ANY_4XX = 0;
    /** Expected status meaning "anything but a 5xx or a redirect". */
    private static final int ANY = -1;

    /** One hostile request and the status it must get, or {@link #ANY_4XX} or {@link #ANY}. */
    record Case(String name, byte[] request, int status) {
        static Case of(String name, String request, int status) {
            return new Case(name, request.getBytes(StandardCharsets.ISO_8859_1), status);
        }
    }

    static List<Case> protocolCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.of("dot-dot path", "GET /../../etc/passwd HTTP/1.1\r\n" + HOST + "\r\n", 400));
        cases.add(Case.of(
                "encoded dot-dot path", "GET /api/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
        cases.add(Case.of("NUL in path", "GET /api/domains/example.com%00/summary HTTP/1.1\r\n" + HOST + "\r\n", 400));
        cases.add(Case.of("raw NUL in path", "GET /api/domains\0 HTTP/1.1\r\n" + HOST + "\r\n", 400));
        cases.add(Case.of(
                "encoded slash in domain", "GET /api/domains/a%2Fb/summary HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
        cases.add(Case.of("bad percent escape", "GET /api/domains/%zz/summary HTTP/1.1\r\n" + HOST + "\r\n", 400));
        cases.add(Case.of(
                "overlong UTF-8", "GET /api/domains/%C0%AE%C0%AE/summary HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
        cases.add(Case.of("invalid UTF-8", "GET /api/domains/%FF%FE/summary HTTP/1.1\r\n" + HOST + "\r\n", 400));
        cases.add(Case.of(
                "URI too long", "GET /api/domains/" + "a".repeat(20_000) + " HTTP/1.1\r\n" + HOST + "\r\n", 414));
        cases.add(Case.of(
                "header too large",
                "GET /healthz HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n",
                431));
        cases.add(
                Case.of("many headers", "GET /healthz HTTP/1.1\r\n" + HOST + "X-H: v\r\n".repeat(3_000) + "\r\n", 431));
        cases.add(Case.of(
                "bad Content-Length", "POST /api/reports HTTP/1.1\r\n" + HOST + "Content-Length: abc\r\n\r\n", 400));
        cases.add(Case.of(
                "negative Content-Length",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Content-Length: -5\r\n\r\n",
                400));
        cases.add(Case.of(
                "huge Content-Length",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Content-Length: 99999999999999999999999\r\n\r\n",
                400));
        cases.add(Case.of(
                "duplicate Content-Length",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\nContent-Length: 5\r\n\r\nabcde",
                400));
        cases.add(Case.of("missing Host", "GET /api/domains HTTP/1.1\r\n\r\n", 400));
        cases.add(Case.of("two Hosts", "GET /api/domains HTTP/1.1\r\n" + HOST + "Host: evil.example\r\n\r\n", 400));
        cases.add(Case.of(
                "Content-Length with Transfer-Encoding",
                "POST /api/reports HTTP/1.1\r\n" + HOST
                        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400));
        cases.add(Case.of(
                "chunked not last",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
                400));
        cases.add(Case.of(
                "unknown Transfer-Encoding",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip\r\n\r\n",
                400));
        cases.add(Case.of(
                "chunk size zz",
                "POST /api/reports HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n<feedback/>\r\n0\r\n\r\n",
                400));
        cases.add(Case.of(
                "chunk size overflow",
                "POST /api/reports HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n",
                400));
        cases.add(Case.of(
                "chunk shorter than said",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n10\r\nabc\r\n0\r\n\r\n",
                400));
        cases.add(Case.of(
                "chunked body cut off",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n5\r\nabc",
                400));
        cases.add(Case.of(
                "body shorter than Content-Length",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Content-Length: 100\r\n\r\n<feedback>",
                400));
        cases.add(Case.of(
                "body over the upload limit",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Content-Length: " + (UPLOAD_LIMIT * 2) + "\r\n\r\n"
                        + "x".repeat(UPLOAD_LIMIT * 2),
                413));
        cases.add(Case.of(
                "chunked body over the upload limit",
                "POST /api/reports HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(UPLOAD_LIMIT * 2) + "\r\n"
                        + "x".repeat(UPLOAD_LIMIT * 2) + "\r\n0\r\n\r\n",
                413));
        cases.add(Case.of(
                "WebSocket upgrade on the API",
                "GET /api/domains HTTP/1.1\r\n" + HOST
                        + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
                ANY_4XX));
        cases.add(Case.of(
                "h2c upgrade",
                "GET /api/domains HTTP/1.1\r\n" + HOST
                        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n",
                ANY));
        // Jetty answers an HTTP/2 request line on the HTTP/1 port with 426 Upgrade Required
        cases.add(Case.of("HTTP/2.0 in a request line", "GET /api/domains HTTP/2.0\r\n" + HOST + "\r\n", 426));
        cases.add(Case.of("HTTP/1.2", "GET /api/domains HTTP/1.2\r\n" + HOST + "\r\n", 505));
        cases.add(Case.of("HTTP/3", "GET /api/domains HTTP/3\r\n" + HOST + "\r\n", 505));
        cases.add(Case.of("HTTP/9.9", "GET /api/domains HTTP/9.9\r\n" + HOST + "\r\n", 505));
        cases.add(Case.of("HTTP/0.9", "GET /api/domains\r\n\r\n", 505));
        cases.add(Case.of("not HTTP at all", "GET /api/domains FOO/1.0\r\n" + HOST + "\r\n", 505));
        cases.add(Case.of("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", ANY_4XX));
        cases.add(Case.of(
                "TLS hello on plain port", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003", 400));
        cases.add(Case.of("garbage", "\u0000\u0001\u0002\u00ff\r\n\r\n", 400));
        cases.add(Case.of("lower-case method", "get /api/domains HTTP/1.1\r\n" + HOST + "\r\n", ANY));
        cases.add(Case.of("unknown method", "FROB /api/domains HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
        cases.add(Case.of("very long method", "X".repeat(10_000) + " / HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
        cases.add(Case.of("TRACE", "TRACE / HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
        cases.add(Case.of("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
        cases.add(Case.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
        cases.add(Case.of("DELETE on the API", "DELETE /api/reports HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
        cases.add(Case.of(
                "PUT on the API", "PUT /api/reports HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\n\r\n", ANY_4XX));
        cases.add(Case.of("header without colon", "GET /healthz HTTP/1.1\r\n" + HOST + "NoColonHere\r\n\r\n", 400));
        cases.add(Case.of("space before colon", "GET /healthz HTTP/1.1\r\n" + HOST + "X-A : b\r\n\r\n", 400));
        cases.add(Case.of("folded header", "GET /healthz HTTP/1.1\r\n" + HOST + "X-A: b\r\n c\r\n\r\n", 400));
        cases.add(Case.of("NUL in a header", "GET /healthz HTTP/1.1\r\n" + HOST + "X-A: b\0c\r\n\r\n", 400));
        cases.add(Case.of("bare LF line ends", "GET /api/domains HTTP/1.1\nHost: localhost\n\n", ANY));
        cases.add(Case.of("bare CR", "GET /api/domains HTTP/1.1\rHost: localhost\r\r", 400));
        cases.add(Case.of(
                "absolute URI for another host",
                "GET http://evil.example/api/domains HTTP/1.1\r\n" + HOST + "\r\n",
                ANY));
        cases.add(Case.of(
                "expect 100 with a huge body",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\nContent-Length: 999999999\r\n\r\n",
                413));
        cases.add(Case.of(
                "unknown Expect",
                "POST /api/reports HTTP/1.1\r\n" + HOST + "Expect: 200-ok\r\nContent-Length: 1\r\n\r\nx",
                417));
        cases.add(Case.of(
                "bad bearer header",
                "GET /api/domains HTTP/1.1\r\n" + HOST + "Authorization: Bearer \u00ff\u00fe\r\n\r\n",
                ANY));
        cases.add(Case.of("bad Range", "GET / HTTP/1.1\r\n" + HOST + "Range: bytes=999-1,zz\r\n\r\n", ANY));
        return cases;
    }

    static List<Case> multipartCases() {
        String head = "POST /api/reports HTTP/1.1\r\n" + HOST;
        String part = "Content-Disposition: form-data; name=\"file\"; filename=\"r.xml\"\r\n\r\n<feedback></feedback>";
        List<Case> cases = new ArrayList<>();
        cases.add(multipart("multipart without boundary", head, "multipart/form-data", "--x\r\n" + part + "\r\n--x--"));
        cases.add(multipart(
                "multipart with the wrong boundary",
                head,
                "multipart/form-data; boundary=x",
                "--y\r\n" + part + "\r\n--y--"));
        cases.add(multipart(
                "multipart without Content-Disposition",
                head,
                "multipart/form-data; boundary=x",
                "--x\r\nContent-Type: text/xml\r\n\r\n<feedback></feedback>\r\n--x--"));
        cases.add(multipart("unterminated multipart", head, "multipart/form-data; boundary=x", "--x\r\n" + part));
        String longBoundary = "b".repeat(5_000);
        cases.add(multipart(
                "multipart with a 5,000-character boundary",
                head,
                "multipart/form-data; boundary=" + longBoundary,
                "--" + longBoundary + "\r\n" + part + "\r\n--" + longBoundary + "--"));
        cases.add(multipart("empty multipart", head, "multipart/form-data; boundary=x", ""));
        cases.add(multipart("multipart closing at once", head, "multipart/form-data; boundary=x", "--x--\r\n"));
        cases.add(
                multipart(
                        "multipart with a path in the file name",
                        head,
                        "multipart/form-data; boundary=x",
                        "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../../etc/passwd\"\r\n\r\nroot\r\n--x--"));
        return cases;
    }

    private static Case multipart(String name, String head, String contentType, String body) {
        return Case.of(
                name,
                head + "Content-Type: " + contentType + "\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body,
                ANY_4XX);
    }

    /** Hostile values for every parameter of every endpoint, from the query and from the path. */
    static List<Case> parameterCases() {
        Map<String, List<String>> endpoints = Map.of(
                "/api/domains", List.of("from", "to", "format"),
                "/api/domains/example.com/summary", List.of("from", "to"),
                "/api/domains/example.com/sources", List.of("from", "to", "limit", "failing", "format"),
                "/api/domains/example.com/timeseries", List.of("from", "to", "format"),
                "/api/domains/example.com/weekly", List.of("week", "format"),
                "/api/reports", List.of("domain", "limit", "format"));
        Map<String, List<String>> hostile = new TreeMap<>(Map.of(
                "from",
                        List.of(
                                "%2B999999999-12-31",
                                "-999999999-01-01", "0000-01-01", "2026-02-30", "%00", "9999999999"),
                "to", List.of("%2B999999999-12-31", "-999999999-01-01", "2026-13-01", "%0A"),
                "week", List.of("%2B999999999-W01", "2026-W99", "0000-W01", "W", "2026-W01%00"),
                "limit", List.of("99999999999999999999", "-1", "0", "1e9", "%00", "0x10"),
                "domain",
                        List.of("example.com%00", "example.com%0A", "example.com%0D%0AX-Injected:%201", "%FF", "a..b"),
                "format", List.of("xml", "csv%00", "html%0A"),
                "failing", List.of("maybe", "true%00")));
        List<Case> cases = new ArrayList<>();
        for (Map.Entry<String, List<String>> endpoint : new TreeMap<>(endpoints).entrySet()) {
            for (Map.Entry<String, List<String>> parameter : hostile.entrySet()) {
                boolean read = endpoint.getValue().contains(parameter.getKey());
                for (String value : parameter.getValue()) {
                    String path = endpoint.getKey() + "?" + parameter.getKey() + "=" + value;
                    cases.add(Case.of(path, "GET " + path + " HTTP/1.1\r\n" + HOST + "\r\n", read ? 400 : ANY));
                }
            }
        }
        for (String domain : List.of(
                "example.com%00",
                "example.com%0A",
                "%00",
                "a".repeat(300) + ".com",
                "example..com",
                "-example.com",
                "%2e%2e",
                "example.com%20",
                "exa%25mple.com")) {
            for (String tail : List.of("summary", "sources", "timeseries", "weekly")) {
                String path = "/api/domains/" + domain + "/" + tail;
                cases.add(Case.of(path, "GET " + path + " HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
            }
        }
        for (String uid : List.of("%00", "zz", "0".repeat(65), CannedStore.UID + "%0A", "..%2F..")) {
            String path = "/api/reports/" + uid;
            cases.add(Case.of(path, "GET " + path + " HTTP/1.1\r\n" + HOST + "\r\n", ANY_4XX));
        }
        return cases;
    }

    @Test
    void hostileRequestsGetJsonErrorsNeverA5xxAndTheServerStaysHealthy() throws IOException {
        List<Case> cases = new ArrayList<>();
        cases.addAll(protocolCases());
        cases.addAll(multipartCases());
        cases.addAll(parameterCases());
        Map<String, Integer> classes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            RawHttp.Response response;
            try {
                response = RawHttp.send(server.port(), c.request());
            } catch (RuntimeException e) {
                classes.merge("no answer", 1, Integer::sum);
                failures.add(c.name() + " -> no HTTP answer: " + e.getMessage());
                continue;
            }
            classes.merge(response.status() / 100 + "xx", 1, Integer::sum);
            String problem = problem(c, response);
            if (problem != null) {
                failures.add(
                        c.name() + " -> " + response.status() + " " + Params.shorten(response.body()) + ": " + problem);
            }
        }
        System.out.printf("HTTP abuse: %d requests sent, status classes %s%n", cases.size(), classes);
        assertThat(failures).isEmpty();
        RawHttp.Response health = RawHttp.send(server.port(), "GET /healthz HTTP/1.1\r\n" + HOST + "\r\n");
        assertThat(health.status()).isEqualTo(200);
        RawHttp.Response domains = RawHttp.send(server.port(), "GET /api/domains HTTP/1.1\r\n" + HOST + "\r\n");
        assertThat(domains.status()).isEqualTo(200);
        assertThat(domains.body()).contains("example.com");
    }

    private static String problem(Case c, RawHttp.Response response) {
        int status = response.status();
        if (status >= 500 && !(status == 505 && c.status() == 505)) {
            return "a 5xx";
        }
        if (c.status() > 0 && status != c.status()) {
            return "expected " + c.status();
        }
        if (c.status() == ANY_4XX && status < 400) {
            return "expected a 4xx";
        }
        if (c.status() == ANY && status >= 300 && status < 400) {
            return "unexpected redirect";
        }
        if (INTERNAL_NAME.matcher(response.headers()).find()) {
            return "internal name in headers";
        }
        if (status >= 400) {
            if (INTERNAL_NAME.matcher(response.body()).find()) {
                return "internal name in body";
            }
            String type = response.header("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                return "not JSON: " + type;
            }
            try {
                JsonNode error = ReportJson.mapper().readTree(response.body()).path("error");
                if (!error.isTextual() || error.asText().isBlank()) {
                    return "no error message";
                }
            } catch (IOException e) {
                return "unparseable JSON";
            }
        }
        return null;
    }
}
