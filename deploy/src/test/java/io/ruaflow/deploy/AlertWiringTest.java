package io.ruaflow.deploy;

import static io.ruaflow.deploy.TestPipelines.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.api.alerts.Alert;
import io.ruaflow.api.alerts.AlertEvaluator;
import io.ruaflow.api.alerts.AlertKind;
import io.ruaflow.api.alerts.WebhookChannel;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.PostureChecker;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.samples.ZoneDnsServer;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.StoreTestData;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts as deploy wires them: the sink's batch hook fires them through the configured webhook, the posture checker
 * behind the posture-change kind against the loopback DNS server, and the alerts.* keys checked at the edge.
 */
class AlertWiringTest {
    static final String SECRET = "the-shared-webhook-secret";

    @TempDir
    Path dir;

    HttpServer receiver;
    final List<String> verified = new ArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String expected = "sha256=" + WebhookChannel.sign(SECRET.getBytes(StandardCharsets.UTF_8), body);
            boolean signed = expected.equals(exchange.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE_HEADER));
            if (signed) {
                synchronized (verified) {
                    verified.add(new String(body, StandardCharsets.UTF_8));
                }
            }
            exchange.sendResponseHeaders(signed ? 204 : 401, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private List<String> bodies() {
        synchronized (verified) {
            return List.copyOf(verified);
        }
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    /** ReportBuilder's one-record report, moved to yesterday so that its source is new this week. */
    private static String reportOfYesterday(String reportId) {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        long begin = yesterday.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return ReportBuilder.xml("google.com", reportId, "example.com", 1)
                .replace("<begin>1763337600</begin>", "<begin>" + begin + "</begin>")
                .replace("<end>1763423999</end>", "<end>" + (begin + 86_399) + "</end>");
    }

    @Test
    void aSinkBatchFiresANewSourceAlertToTheWebhookOnceAndNotAfterARestart() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(inbox.resolve("r1.xml"), reportOfYesterday("alerts-1"));
        String storeUrl = "duckdb:" + dir.resolve("ruaflow.duckdb");
        Map<String, String> flags = TestPipelines.baseFlags(null);
        flags.put("ingest.dir", inbox.toString());
        flags.put("store.url", storeUrl);
        flags.put("alerts.new-source.min.messages", "3; other.example:off");
        flags.put("alerts.webhook.url", hook());
        Map<String, String> env = Map.of(AlertWiring.WEBHOOK_SECRET_ENV, SECRET);
        try (Pipeline run =
                TestPipelines.start(flags, env, Pipeline.all(), false, s -> {}, new SimpleMeterRegistry())) {
            await(() -> bodies().size() == 1, Duration.ofSeconds(60));
        }
        assertThat(bodies().get(0))
                .contains("\"kind\":\"new_source\"")
                .contains("\"subject\":\"192.0.2.1\"")
                .contains("\"domain\":\"example.com\"");
        PipelineConfig config = PipelineConfig.load(flags, env, null);
        try (ReportStore store = ReportStores.open(storeUrl)) {
            assertThat(store.alerts(null, 10)).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo("new_source");
                assertThat(a.deliveries()).singleElement().satisfies(d -> assertThat(d.outcome())
                        .isEqualTo("delivered"));
            });
            AlertEvaluator afterRestart = AlertWiring.evaluator(config, env, store, null);
            assertThat(afterRestart.evaluateAll()).isEmpty();
        }
        assertThat(bodies()).hasSize(1);

        ImportQueryCommandTest.Result listed = ImportQueryCommandTest.run("alerts", "--store", storeUrl);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out())
                .contains("new_source")
                .contains("new sending source 192.0.2.1")
                .contains("webhook delivered (1)");
        ImportQueryCommandTest.Result none =
                ImportQueryCommandTest.run("alerts", "--store", storeUrl, "--domain", "other.example");
        assertThat(none.out()).contains("No alerts fired for other.example.");
    }

    @Test
    void postureChangesSeenInLiveDnsFireOnceEach() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        String key = Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        String before = "example.com. 60 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
                + "_dmarc.example.com. 60 IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc@example.com\"\n"
                + "s1._domainkey.example.com. 60 IN TXT \"v=DKIM1; k=rsa; p=" + key + "\"\n";
        String after = "example.com. 60 IN TXT \"v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.7 -all\"\n"
                + "_dmarc.example.com. 60 IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@example.com\"\n";
        Map<String, String> flags = Map.of("alerts.webhook.url", hook());
        Map<String, String> env = Map.of(AlertWiring.WEBHOOK_SECRET_ENV, SECRET);
        PipelineConfig config = PipelineConfig.load(flags, env, null);
        try (ZoneDnsServer dns = ZoneDnsServer.start(0);
                ReportStore store = ReportStores.open("duckdb:" + dir.resolve("posture.duckdb"));
                PostureChecker checker = PostureChecker.withDns(DnsSettings.systemDefault()
                        .withServer(dns.hostAndPort())
                        .withTimeout(Duration.ofSeconds(2))
                        .withCacheSize(0))) {
            dns.addZoneText(before);
            store.write(StoreTestData.report(
                    StoreTestData.dayHeader(
                            "google.com",
                            "p1",
                            "example.com",
                            LocalDate.now(ZoneOffset.UTC).minusDays(1)),
                    StoreTestData.Source.passing("192.0.2.1", 3)));
            AlertEvaluator evaluator = AlertWiring.evaluator(config, env, store, checker);

            assertThat(evaluator.evaluate(List.of("example.com")))
                    .as("the first look is the baseline")
                    .isEmpty();
            assertThat(store.postureBaseline("example.com"))
                    .containsEntry("spf", "v=spf1 ip4:192.0.2.0/24 -all")
                    .containsEntry("dmarc.p", "none")
                    .containsEntry("dkim:s1._domainkey.example.com", "present");

            dns.clear();
            dns.addZoneText(after);
            List<Alert> fired = evaluator.evaluate(List.of("example.com"));
            assertThat(fired)
                    .extracting(Alert::kind, Alert::subject)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(AlertKind.POSTURE_CHANGE, "spf"),
                            org.assertj.core.groups.Tuple.tuple(AlertKind.POSTURE_CHANGE, "dmarc.p"),
                            org.assertj.core.groups.Tuple.tuple(
                                    AlertKind.POSTURE_CHANGE, "dkim:s1._domainkey.example.com"));
            assertThat(fired)
                    .extracting(Alert::summary)
                    .anySatisfy(s ->
                            assertThat(s).isEqualTo("DMARC policy of example.com changed from p=none to" + " p=reject"))
                    .anySatisfy(s -> assertThat(s).contains("ip4:198.51.100.7"))
                    .anySatisfy(s -> assertThat(s).contains("DKIM key s1._domainkey.example.com is gone"));
            assertThat(bodies()).hasSize(3);

            assertThat(evaluator.evaluate(List.of("example.com"))).isEmpty();
            assertThat(AlertWiring.evaluator(config, env, store, checker).evaluateAll())
                    .as("another evaluator over the same store")
                    .isEmpty();
            assertThat(bodies()).hasSize(3);
        }
    }

    @Test
    void alertSettingsAreCheckedAtTheEdge() {
        assertThatThrownBy(() -> PipelineConfig.load(
                        Map.of("alerts.pass-rate.drop.points", "10; example.com:200"), Map.of(), null))
                .hasMessageContaining("alerts.pass-rate.drop.points")
                .hasMessageContaining("between 0 and 100");
        assertThatThrownBy(() -> AlertWiring.evaluator(
                        PipelineConfig.load(Map.of("alerts.webhook.url", hook()), Map.of(), null),
                        Map.of(),
                        null,
                        null))
                .hasMessageContaining(AlertWiring.WEBHOOK_SECRET_ENV);
        assertThatThrownBy(() -> AlertWiring.evaluator(
                        PipelineConfig.load(Map.of("alerts.mail.recipients", "*:ops@example.net"), Map.of(), null),
                        Map.of(),
                        null,
                        null))
                .hasMessageContaining("smtp.url");
        assertThat(AlertWiring.parseRecipients("example.com:a@example.com; *:ops@example.net"))
                .containsOnlyKeys("example.com", "*");
        assertThat(AlertWiring.policy("v=DMARC1; p=Quarantine; sp=none")).isEqualTo("quarantine");
        assertThat(AlertWiring.policy("v=DMARC1; sp=none")).isEmpty();
        assertThat(AlertWiring.evaluator(
                        PipelineConfig.load(Map.of("alerts.enabled", "false"), Map.of(), null), Map.of(), null, null))
                .isNull();
    }
}
