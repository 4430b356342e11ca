package io.ruaflow.api.alerts;

import static io.ruaflow.store.testing.StoreTestData.dayHeader;
import static io.ruaflow.store.testing.StoreTestData.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.api.mail.Smtp;
import io.ruaflow.ingest.ErrorPolicy;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.store.AlertState;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.ClickHouseServer;
import io.ruaflow.store.testing.StoreTestData.Source;
import jakarta.mail.internet.InternetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every store-driven alert kind against real stores and real receivers: a loopback HTTP server that checks the
 * HMAC signature, and GreenMail read back over IMAP. DomainPosture changes are covered in deploy, where the posture
 * checker is wired.
 */
class AlertEvaluatorTest {
    static final LocalDate TODAY = LocalDate.parse("2026-11-20");
    static final Clock CLOCK = Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    static final String DOMAIN = "example.com";

    @TempDir
    Path dir;

    Receivers receivers;

    @BeforeEach
    void startReceivers() throws Exception {
        receivers = new Receivers();
    }

    @AfterEach
    void stopReceivers() {
        receivers.close();
    }

    /**
     * Google reported daily for four weeks and went silent 4 days ago; Yahoo reports daily this week. The last week
     * brings a new failing source of 600 messages and a small one of 10: the pass rate falls from 100% to 52% and
     * the failing volume rises from nothing.
     */
    private static void writeHistory(ReportStore store) {
        for (LocalDate day = TODAY.minusDays(34); !day.isAfter(TODAY.minusDays(4)); day = day.plusDays(1)) {
            store.write(report(dayHeader("google.com", "g" + day, DOMAIN, day), Source.passing("192.0.2.1", 100)));
        }
        for (LocalDate day = TODAY.minusDays(6); !day.isAfter(TODAY); day = day.plusDays(1)) {
            if (day.equals(TODAY.minusDays(2))) {
                store.write(report(
                        dayHeader("Yahoo", "y" + day, DOMAIN, day),
                        Source.passing("192.0.2.1", 50),
                        Source.failing("203.0.113.9", 600),
                        Source.failing("203.0.113.50", 10)));
            } else {
                store.write(report(dayHeader("Yahoo", "y" + day, DOMAIN, day), Source.passing("192.0.2.1", 50)));
            }
        }
    }

    private static RetryPolicy retries(int maxAttempts) {
        ErrorPolicy policy = ErrorPolicy.retryForever(Duration.ofMillis(10), Duration.ofMillis(40))
                .withMaxAttempts(maxAttempts);
        return failures -> {
            ErrorPolicy.Decision next = policy.decide(ErrorPolicy.Failure.TRANSIENT, failures);
            return next.action() == ErrorPolicy.Action.RETRY ? Optional.of(next.delay()) : Optional.empty();
        };
    }

    private AlertEvaluator evaluator(ReportStore store, AlertSettings settings) {
        Smtp smtp = receivers.smtp();
        List<AlertChannel> channels = List.of(
                new WebhookChannel(receivers.hook(), Receivers.SECRET),
                new MailChannel(smtp, Map.of(DOMAIN, List.of(address("owner@example.com")))));
        return new AlertEvaluator(store, settings, null, channels, retries(3), CLOCK);
    }

    private static InternetAddress address(String text) {
        try {
            return new InternetAddress(text);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ReportStore duckDb() {
        return ReportStores.open("duckdb:" + dir.resolve("alerts.duckdb"));
    }

    @Test
    void eachKindFiresOnceIsSignedAndMailedAndNotAgain() throws Exception {
        try (ReportStore store = duckDb()) {
            writeHistory(store);
            AlertEvaluator evaluator = evaluator(store, AlertSettings.DEFAULT);

            List<Alert> fired = evaluator.evaluate(List.of("Example.COM"));

            assertThat(fired)
                    .extracting(Alert::kind, Alert::subject)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(AlertKind.NEW_SOURCE, "203.0.113.9"),
                            org.assertj.core.groups.Tuple.tuple(AlertKind.PASS_RATE_DROP, "2026-W47"),
                            org.assertj.core.groups.Tuple.tuple(AlertKind.FAILING_RISING, "2026-W47"),
                            org.assertj.core.groups.Tuple.tuple(AlertKind.REPORTER_STOPPED, "google.com"));
            assertThat(summaryOf(fired, AlertKind.NEW_SOURCE))
                    .contains("sent 600 messages")
                    .contains("600 failed DMARC");
            assertThat(summaryOf(fired, AlertKind.PASS_RATE_DROP))
                    .contains("51.6%")
                    .contains("100.0%");
            assertThat(summaryOf(fired, AlertKind.REPORTER_STOPPED))
                    .contains("none for 4 days")
                    .contains(TODAY.minusDays(4).toString());

            assertThat(receivers.forged.get()).isZero();
            List<String> bodies = receivers.verifiedBodies();
            assertThat(bodies).hasSize(4);
            JsonNode newSource = bodies.stream()
                    .map(AlertEvaluatorTest::json)
                    .filter(n -> n.path("kind").asText().equals("new_source"))
                    .findFirst()
                    .orElseThrow();
            assertThat(newSource.path("domain").asText()).isEqualTo(DOMAIN);
            assertThat(newSource.path("details").path("messages").asLong()).isEqualTo(600);
            assertThat(receivers.inboxSubjects()).hasSize(4).allMatch(s -> s.startsWith("[ruaflow] example.com: "));
            assertThat(receivers.inboxText("new sending source")).contains("source_ip: 203.0.113.9");

            assertThat(evaluator.evaluate(List.of(DOMAIN)))
                    .as("the same conditions a batch later")
                    .isEmpty();
            assertThat(evaluator.evaluateAll()).isEmpty();
            assertThat(receivers.verifiedBodies()).hasSize(4);
            assertThat(receivers.inboxSubjects()).hasSize(4);
            assertThat(store.alerts(DOMAIN, 10)).allSatisfy(a -> assertThat(a.deliveries())
                    .extracting(AlertState.AlertDelivery::channel, AlertState.AlertDelivery::outcome)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("webhook", "delivered"),
                            org.assertj.core.groups.Tuple.tuple("mail", "delivered")));
        }
    }

    private static String summaryOf(List<Alert> alerts, AlertKind kind) {
        return alerts.stream()
                .filter(a -> a.kind() == kind)
                .findFirst()
                .orElseThrow()
                .summary();
    }

    private static JsonNode json(String body) {
        try {
            return ReportJson.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void firedAlertsSurviveARestart() {
        try (ReportStore store = duckDb()) {
            writeHistory(store);
            assertThat(evaluator(store, AlertSettings.DEFAULT).evaluate(List.of(DOMAIN)))
                    .hasSize(4);
        }
        try (ReportStore reopened = duckDb()) {
            assertThat(evaluator(reopened, AlertSettings.DEFAULT).evaluateAll()).isEmpty();
            assertThat(reopened.alerts(null, 100)).hasSize(4);
        }
        assertThat(receivers.verifiedBodies()).hasSize(4);
    }

    @Test
    void twoSinksOverOneClickHouseStoreFireEachAlertOnce() throws Exception {
        String url = ClickHouseServer.shared().newDatabaseUrl();
        try (ReportStore one = ReportStores.open(url);
                ReportStore two = ReportStores.open(url)) {
            writeHistory(one);
            AlertEvaluator first = evaluator(one, AlertSettings.DEFAULT);
            AlertEvaluator second = evaluator(two, AlertSettings.DEFAULT);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<List<Alert>>> both =
                        List.of(() -> first.evaluate(List.of(DOMAIN)), () -> second.evaluate(List.of(DOMAIN)));
                List<Alert> fired = new ArrayList<>();
                for (Future<List<Alert>> result : pool.invokeAll(both)) {
                    fired.addAll(result.get());
                }
                assertThat(fired).hasSize(4);
            } finally {
                pool.shutdownNow();
            }
            assertThat(second.evaluate(List.of(DOMAIN))).isEmpty();
            assertThat(first.evaluateAll()).isEmpty();
            assertThat(receivers.verifiedBodies()).hasSize(4);
            assertThat(two.alerts(DOMAIN, 10)).hasSize(4);
        }
    }

    @Test
    void kindsAreSwitchedOffAndTunedPerDomain() {
        try (ReportStore store = duckDb()) {
            writeHistory(store);
            AlertSettings settings = new AlertSettings(
                    PerDomain.parse("100; example.com:1000", PerDomain.range(1, Long.MAX_VALUE)),
                    PerDomain.parse("10; example.com:off", PerDomain.range(0, 100)),
                    PerDomain.parse("example.com:5", PerDomain.range(1, 365)),
                    PerDomain.everywhere(null),
                    PerDomain.parse("off", PerDomain.range(0, 100_000)),
                    AlertSettings.DEFAULT_MIN_MESSAGES);
            assertThat(evaluator(store, settings).evaluate(List.of(DOMAIN))).isEmpty();

            AlertSettings lower = new AlertSettings(
                    PerDomain.parse("1000; example.com:5", PerDomain.range(1, Long.MAX_VALUE)),
                    settings.passRateDropPoints(),
                    PerDomain.parse("example.com:4", PerDomain.range(1, 365)),
                    settings.postureChange(),
                    settings.failingRisePercent(),
                    AlertSettings.DEFAULT_MIN_MESSAGES);
            assertThat(evaluator(store, lower).evaluate(List.of(DOMAIN)))
                    .extracting(Alert::kind, Alert::subject)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(AlertKind.NEW_SOURCE, "203.0.113.9"),
                            org.assertj.core.groups.Tuple.tuple(AlertKind.NEW_SOURCE, "203.0.113.50"),
                            org.assertj.core.groups.Tuple.tuple(AlertKind.REPORTER_STOPPED, "google.com"));
        }
    }

    @Test
    void aFailingWebhookIsRetriedWithBackoffThenGivenUpAndSaysSo() {
        try (ReportStore store = duckDb()) {
            store.write(
                    report(dayHeader("Yahoo", "1", DOMAIN, TODAY.minusDays(1)), Source.failing("203.0.113.9", 600)));
            AlertSettings onlyNewSources = new AlertSettings(
                    PerDomain.everywhere(100L),
                    PerDomain.everywhere(null),
                    PerDomain.everywhere(null),
                    PerDomain.everywhere(null),
                    PerDomain.everywhere(null),
                    100);
            receivers.failNext.set(2);
            AlertEvaluator evaluator = new AlertEvaluator(
                    store,
                    onlyNewSources,
                    null,
                    List.of(new WebhookChannel(receivers.hook(), Receivers.SECRET)),
                    retries(3),
                    CLOCK);
            assertThat(evaluator.evaluate(List.of(DOMAIN))).hasSize(1);
            assertThat(receivers.verifiedBodies()).hasSize(1);
            assertThat(store.alerts(DOMAIN, 10).get(0).deliveries())
                    .singleElement()
                    .satisfies(d -> {
                        assertThat(d.outcome()).isEqualTo("delivered");
                        assertThat(d.attempts()).isEqualTo(3);
                    });

            store.write(
                    report(dayHeader("Yahoo", "2", DOMAIN, TODAY.minusDays(1)), Source.failing("203.0.113.10", 700)));
            receivers.failNext.set(100);
            assertThat(evaluator.evaluate(List.of(DOMAIN))).hasSize(1);
            AlertState.StoredAlert given = store.alerts(DOMAIN, 10).stream()
                    .filter(a -> a.subject().equals("203.0.113.10"))
                    .findFirst()
                    .orElseThrow();
            assertThat(given.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.outcome()).isEqualTo("failed");
                assertThat(d.attempts()).isEqualTo(4);
                assertThat(d.detail()).contains("HTTP 503");
            });
            assertThat(evaluator.evaluate(List.of(DOMAIN)))
                    .as("fired once, even undelivered")
                    .isEmpty();
        }
    }

    @Test
    void aWrongSecretIsRefusedByTheReceiver() {
        try (ReportStore store = duckDb()) {
            store.write(
                    report(dayHeader("Yahoo", "1", DOMAIN, TODAY.minusDays(1)), Source.failing("203.0.113.9", 600)));
            AlertEvaluator evaluator = new AlertEvaluator(
                    store,
                    AlertSettings.DEFAULT,
                    null,
                    List.of(new WebhookChannel(receivers.hook(), "not-the-shared-secret!")),
                    RetryPolicy.NEVER,
                    CLOCK);
            evaluator.evaluate(List.of(DOMAIN));
            assertThat(receivers.forged.get()).isPositive();
            assertThat(receivers.verifiedBodies()).isEmpty();
            assertThat(store.alerts(DOMAIN, 10).get(0).deliveries().get(0).detail())
                    .contains("HTTP 401");
        }
    }

    @Test
    void perDomainValuesParseAndRefuseNonsense() {
        PerDomain<Long> value = PerDomain.parse("100; Example.com:50; test.example:off", PerDomain.range(1, 1000));
        assertThat(value.forDomain("example.COM")).contains(50L);
        assertThat(value.forDomain("test.example")).isEmpty();
        assertThat(value.forDomain("other.org")).contains(100L);
        assertThat(PerDomain.parse("example.com:5", PerDomain.range(1, 10)).forDomain("other.org"))
                .isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PerDomain.parse("100; 200", PerDomain.range(1, 1000)))
                .hasMessageContaining("two defaults");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PerDomain.parse("example.com:0", PerDomain.range(1, 1000)))
                .hasMessageContaining("between 1 and 1000");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new WebhookChannel(java.net.URI.create("ftp://x.example/"), Receivers.SECRET))
                .hasMessageContaining("http(s)");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new WebhookChannel(java.net.URI.create("https://x.example/"), "short"))
                .hasMessageContaining("MIN_SECRET_BYTES");
    }
}
