package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ruaflow.enricher.testing.TestCertificate;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.Finding;
import io.ruaflow.parser.posture.MtaStsState;
import io.ruaflow.samples.ZoneDnsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The live MTA-STS re-check end to end: the loopback DNS server answers for {@code mta-sts.<domain>}, the MX hosts
 * and the TXT records, and HTTPS servers on loopback addresses serve the policy files with certificates generated
 * here: one valid for every {@code mta-sts.*} name of the good servers, one trusted but for another name, one not
 * trusted at all.
 */
class MtaStsCheckTest {
    private static final String ENFORCE = "version: STSv1\r\nmode: enforce\r\nmx: mx1.good.example\r\n"
            + "mx: *.mx.good.example\r\nmax_age: 604800\r\n";

    /** What the good server answers per Host: status, Content-Type, Location, body. */
    private record Answer(int status, String contentType, String location, String body) {}

    private static final Map<String, Answer> ANSWERS = Map.of(
            "mta-sts.good.example", new Answer(200, "text/plain; charset=utf-8", null, ENFORCE),
            "mta-sts.uncovered.example",
                    new Answer(
                            200,
                            "text/plain",
                            null,
                            "version: STSv1\nmode: enforce\nmx: mx1.uncovered.example\nmx: old.uncovered.example\n"
                                    + "max_age: 86400\n"),
            "mta-sts.testing.example",
                    new Answer(
                            200,
                            "text/plain",
                            null,
                            "version: STSv1\nmode: testing\nmx: *.testing.example\nmax_age: 3600\n"),
            "mta-sts.html.example",
                    new Answer(
                            200,
                            "text/html",
                            null,
                            "version: STSv1\nmode: enforce\nmx: mx.html.example\nmax_age: 86400\n"),
            "mta-sts.redirect.example",
                    new Answer(301, "text/html", "https://mta-sts.good.example/.well-known/mta-sts.txt", ""),
            "mta-sts.notfound.example", new Answer(404, "text/plain", null, "no such file\n"),
            "mta-sts.big.example", new Answer(200, "text/plain", null, ENFORCE + "# padding\n".repeat(7_000)),
            "mta-sts.syntax.example",
                    new Answer(200, "text/plain", null, "version: STSv1\nmode: strict\nmx: mx.syntax.example\n"));

    private static ZoneDnsServer dns;
    private static PostureChecker checker;
    private static final Map<String, HttpsServer> SERVERS = new HashMap<>();
    private static final Queue<String> REQUESTS = new ConcurrentLinkedQueue<>();
    private static final Map<String, MtaStsState> CHECKED = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        TestCertificate good =
                TestCertificate.forNames(ANSWERS.keySet().stream().sorted().toArray(String[]::new));
        TestCertificate wrongName = TestCertificate.forNames("www.wrongname.example");
        TestCertificate untrusted = TestCertificate.forNames("mta-sts.untrusted.example");
        int port = startServers(Map.of(
                "127.0.0.1", good,
                "127.0.0.2", wrongName,
                "127.0.0.4", untrusted));
        dns = ZoneDnsServer.start(0);
        StringBuilder zone = new StringBuilder();
        for (String domain : List.of(
                "good.example",
                "uncovered.example",
                "testing.example",
                "html.example",
                "redirect.example",
                "notfound.example",
                "big.example",
                "syntax.example",
                "wrongname.example",
                "untrusted.example",
                "down.example",
                "noaddress.example")) {
            zone.append("_mta-sts.").append(domain).append(". 300 IN TXT \"v=STSv1; id=20261203\"\n");
        }
        for (String domain : ANSWERS.keySet()) {
            zone.append(domain).append(". 300 IN A 127.0.0.1\n");
        }
        zone.append(String.join(
                "\n",
                "mta-sts.wrongname.example. 300 IN A 127.0.0.2",
                "mta-sts.down.example. 300 IN A 127.0.0.3",
                "mta-sts.untrusted.example. 300 IN A 127.0.0.4",
                "good.example. 300 IN MX 10 mx1.good.example.",
                "good.example. 300 IN MX 20 a.mx.good.example.",
                "uncovered.example. 300 IN MX 10 mx1.uncovered.example.",
                "uncovered.example. 300 IN MX 20 mx2.uncovered.example.",
                "testing.example. 300 IN MX 10 mx.testing.example.",
                "testing.example. 300 IN MX 20 backup.provider.example.",
                "_smtp._tls.good.example. 300 IN TXT \"v=TLSRPTv1; rua=mailto:tls@good.example,"
                        + "https://tls.good.example/report\"",
                "_smtp._tls.uncovered.example. 300 IN TXT \"v=TLSRPTv1; rua=ftp://tls.uncovered.example/\"",
                "_smtp._tls.testing.example. 300 IN TXT \"v=TLSRPTv1; rua=mailto:a@testing.example\"",
                "_smtp._tls.testing.example. 300 IN TXT \"v=TLSRPTv1; rua=mailto:b@testing.example\"",
                ""));
        dns.addZoneText(zone.toString());
        checker = PostureChecker.withDns(
                DnsSettings.systemDefault()
                        .withServer(dns.hostAndPort())
                        .withTimeout(Duration.ofSeconds(2))
                        .withRetries(1),
                TestCertificate.trusting(good, wrongName),
                port);
        for (String domain : List.of(
                "good.example",
                "uncovered.example",
                "testing.example",
                "html.example",
                "redirect.example",
                "notfound.example",
                "big.example",
                "syntax.example",
                "wrongname.example",
                "untrusted.example",
                "down.example",
                "noaddress.example",
                "none.example")) {
            CHECKED.put(domain, checker.mtaSts(domain));
        }
    }

    /** One HTTPS server per loopback address, all on the same port (the fetcher's one test port). */
    private static int startServers(Map<String, TestCertificate> certificates) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = 0;
            try {
                for (String address : List.of("127.0.0.1", "127.0.0.2", "127.0.0.4")) {
                    HttpsServer server =
                            HttpsServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0);
                    SERVERS.put(address, server);
                    server.setHttpsConfigurator(
                            new HttpsConfigurator(certificates.get(address).serverContext()));
                    server.createContext("/", MtaStsCheckTest::serve);
                    server.start();
                    port = server.getAddress().getPort();
                }
                return port;
            } catch (BindException e) {
                stopServers();
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        REQUESTS.add(host + " " + exchange.getRequestURI().getPath());
        Answer answer =
                exchange.getRequestURI().getPath().equals("/.well-known/mta-sts.txt") ? ANSWERS.get(host) : null;
        if (answer == null) {
            answer = new Answer(404, "text/plain", null, "");
        }
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        if (answer.location() != null) {
            exchange.getResponseHeaders().set("Location", answer.location());
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        // big.example is sent chunked (length 0), the others with a Content-Length
        boolean chunked = host.startsWith("mta-sts.big.") || host.startsWith("mta-sts.good.");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : chunked ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void stopServers() {
        SERVERS.values().forEach(s -> s.stop(0));
        SERVERS.clear();
    }

    @AfterAll
    static void stop() {
        if (checker != null) {
            checker.close();
        }
        if (dns != null) {
            dns.close();
        }
        stopServers();
    }

    static Stream<Arguments> findings() {
        return Stream.of(
                Arguments.of("good.example", "mta-sts.policy.ok", "info", "covers all 2 MX hosts"),
                Arguments.of("good.example", "tls-rpt.ok", "info", "present"),
                Arguments.of("uncovered.example", "mta-sts.mx.uncovered", "error", "mx2.uncovered.example"),
                Arguments.of("uncovered.example", "mta-sts.mx.unused", "warning", "'mx: old.uncovered.example'"),
                Arguments.of("uncovered.example", "tls-rpt.rua", "error", "ftp://tls.uncovered.example/"),
                Arguments.of("testing.example", "mta-sts.policy.testing", "info", "reports only"),
                Arguments.of("testing.example", "mta-sts.policy.max-age", "warning", "3600 s is less than a day"),
                Arguments.of("testing.example", "mta-sts.mx.uncovered", "warning", "backup.provider.example"),
                Arguments.of("testing.example", "tls-rpt.multiple", "error", "2 records"),
                Arguments.of("html.example", "mta-sts.policy.content-type", "error", "text/html"),
                Arguments.of("redirect.example", "mta-sts.policy.redirect", "error", "must not follow"),
                Arguments.of("notfound.example", "mta-sts.policy.missing", "error", "answers 404"),
                Arguments.of("big.example", "mta-sts.policy.size", "error", "larger than 65536 bytes"),
                Arguments.of("syntax.example", "mta-sts.policy.syntax", "error", "mode must be enforce"),
                Arguments.of("syntax.example", "mta-sts.policy.syntax", "error", "max_age is missing"),
                Arguments.of("wrongname.example", "mta-sts.policy.certificate", "error", "mta-sts.wrongname.example"),
                Arguments.of("untrusted.example", "mta-sts.policy.tls", "error", "certificate from a public CA"),
                Arguments.of("down.example", "mta-sts.policy.unreachable", "error", "cannot connect"),
                Arguments.of("noaddress.example", "mta-sts.policy.unreachable", "error", "no A or AAAA record"),
                Arguments.of("none.example", "mta-sts.missing", "info", "_mta-sts.none.example"),
                Arguments.of("none.example", "tls-rpt.missing", "info", "_smtp._tls.none.example"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("findings")
    void eachProblemIsAFindingThatSaysWhatToChange(String domain, String code, String severity, String says) {
        assertThat(CHECKED.get(domain).findings())
                .as(domain + " " + CHECKED.get(domain).findings())
                .anySatisfy(f -> {
                    assertThat(f.code()).isEqualTo(code);
                    assertThat(f.severity().wireName()).isEqualTo(severity);
                    assertThat(f.message()).contains(says);
                });
    }

    @Test
    void aGoodPolicyShowsItsModePatternsAndMaxAgeAndHasNoProblems() {
        MtaStsState good = CHECKED.get("good.example");
        assertThat(good.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Finding.Severity.INFO));
        assertThat(good.id()).isEqualTo("20261203");
        assertThat(good.policyUrl()).isEqualTo("https://mta-sts.good.example/.well-known/mta-sts.txt");
        assertThat(good.httpStatus()).isEqualTo(200);
        assertThat(good.mode()).isEqualTo("enforce");
        assertThat(good.mx()).containsExactly("mx1.good.example", "*.mx.good.example");
        assertThat(good.maxAge()).isEqualTo(604800L);
        assertThat(good.mxHosts()).containsExactlyInAnyOrder("mx1.good.example", "a.mx.good.example");
        assertThat(good.tlsRptRecord()).startsWith("v=TLSRPTv1; rua=mailto:tls@good.example");
    }

    @Test
    void anMxOutsideThePolicyIsTheOnlyErrorOfItsDomainBesidesTheRecord() {
        MtaStsState uncovered = CHECKED.get("uncovered.example");
        assertThat(uncovered.mode()).isEqualTo("enforce");
        assertThat(uncovered.findings())
                .filteredOn(f -> f.check().equals("mta-sts") && f.severity() == Finding.Severity.ERROR)
                .extracting(Finding::record)
                .containsExactly("mx2.uncovered.example");
        assertThat(uncovered.findings()).noneMatch(f -> f.code().equals("mta-sts.policy.ok"));
    }

    @Test
    void redirectsAndWrongCertificatesAreNeverFollowedOrSentTheRequest() {
        assertThat(CHECKED.get("redirect.example").httpStatus()).isEqualTo(301);
        assertThat(CHECKED.get("redirect.example").mode()).isNull();
        // the redirect's target host was asked only for its own domain's check, once
        assertThat(REQUESTS)
                .filteredOn(r -> r.startsWith("mta-sts.good.example "))
                .hasSize(1);
        assertThat(REQUESTS).noneMatch(r -> r.contains("wrongname") || r.contains("untrusted"));
        assertThat(CHECKED.get("wrongname.example").httpStatus()).isNull();
        assertThat(CHECKED.get("big.example").mode()).isNull();
    }

    @Test
    void theWholePostureCarriesTheMtaStsState() {
        DomainPosture posture = checker.check("uncovered.example", List.of());
        assertThat(posture.mtaSts()).isNotNull();
        assertThat(posture.mtaSts().mxHosts())
                .containsExactlyInAnyOrder("mx1.uncovered.example", "mx2.uncovered.example");
        assertThat(posture.findings()).anyMatch(f -> f.code().equals("mta-sts.mx.uncovered"));
    }
}
