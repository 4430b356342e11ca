package io.ruaflow.enricher.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.samples.ZoneDnsServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The cache's lifetimes against the real loopback server, on a fake clock (no sleeping). */
class DnsClientCacheTest {
    private static final String SOA_1S_MINIMUM = "example. 3600 IN SOA ns.example. host.example. 1 3600 600 86400 1\n";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private ZoneDnsServer server;
    private DnsClient client;

    @BeforeEach
    void start() throws Exception {
        server = ZoneDnsServer.start(0);
        client = new DnsClient(
                DnsSettings.systemDefault()
                        .withServer(server.hostAndPort())
                        .withTimeout(Duration.ofMillis(500))
                        .withRetries(0),
                now::get);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private DnsAnswer ask(String name, int type) throws Exception {
        return client.query(name, type).get(5, TimeUnit.SECONDS);
    }

    @Test
    void positiveAnswerIsReusedUntilItsTtlPassesThenAskedAgain() throws Exception {
        server.addZoneText("a.example. 2 IN A 192.0.2.1\n");
        assertThat(ask("a.example", Type.A).records()).hasSize(1);
        advance(1_900);
        assertThat(ask("a.example", Type.A).records()).hasSize(1);
        assertThat(server.queryCount("a.example", "A")).isEqualTo(1);
        advance(200);
        assertThat(ask("a.example", Type.A).records()).hasSize(1);
        assertThat(server.queryCount("a.example", "A")).isEqualTo(2);
    }

    @Test
    void anAnswerSaysUntilWhenTheCacheKeepsItAndACachedOneKeepsItsFirstDeadline() throws Exception {
        server.addZoneText(SOA_1S_MINIMUM + "a.example. 2 IN A 192.0.2.1\nz.example. 0 IN A 192.0.2.2\n");
        long asked = now.get();
        assertThat(ask("a.example", Type.A).validUntilNanos()).isEqualTo(asked + TimeUnit.SECONDS.toNanos(2));
        advance(1_500);
        assertThat(ask("a.example", Type.A).validUntilNanos()).isEqualTo(asked + TimeUnit.SECONDS.toNanos(2));
        assertThat(ask("missing.example", Type.A).validUntilNanos()).isEqualTo(now.get() + TimeUnit.SECONDS.toNanos(1));
        assertThat(ask("z.example", Type.A).validUntilNanos())
                .as("TTL 0: not cached")
                .isEqualTo(now.get());
    }

    @Test
    void positiveAnswerLivesAsLongAsItsShortestRecordTtl() throws Exception {
        server.addZoneText("multi.example. 60 IN TXT \"one\"\nmulti.example. 1 IN TXT \"two\"\n");
        assertThat(ask("multi.example", Type.TXT).texts()).containsExactlyInAnyOrder("one", "two");
        advance(1_100);
        ask("multi.example", Type.TXT);
        assertThat(server.queryCount("multi.example", "TXT")).isEqualTo(2);
    }

    @Test
    void nxdomainIsCachedForTheSoaMinimumThenAskedAgain() throws Exception {
        server.addZoneText(SOA_1S_MINIMUM);
        assertThat(ask("missing.example", Type.TXT).status()).isEqualTo(DnsAnswer.Status.NXDOMAIN);
        advance(900);
        assertThat(ask("missing.example", Type.TXT).status()).isEqualTo(DnsAnswer.Status.NXDOMAIN);
        assertThat(server.queryCount("missing.example", "TXT")).isEqualTo(1);
        advance(200);
        ask("missing.example", Type.TXT);
        assertThat(server.queryCount("missing.example", "TXT")).isEqualTo(2);
    }

    @Test
    void nodataIsCachedForTheSoaMinimumThenAskedAgain() throws Exception {
        server.addZoneText(SOA_1S_MINIMUM + "host.example. 3600 IN A 192.0.2.1\n");
        DnsAnswer first = ask("host.example", Type.TXT);
        assertThat(first.status()).isNotEqualTo(DnsAnswer.Status.NXDOMAIN);
        assertThat(first.isTempError()).isFalse();
        assertThat(first.records()).isEmpty();
        advance(900);
        ask("host.example", Type.TXT);
        assertThat(server.queryCount("host.example", "TXT")).isEqualTo(1);
        advance(200);
        ask("host.example", Type.TXT);
        assertThat(server.queryCount("host.example", "TXT")).isEqualTo(2);
    }

    @Test
    void negativeTtlIsTheSoaRecordTtlWhenThatIsShorterThanItsMinimum() throws Exception {
        // RFC 2308 section 5: the lesser of the SOA's own TTL and its MINIMUM field
        server.addZoneText("example. 2 IN SOA ns.example. host.example. 1 3600 600 86400 3600\n");
        ask("gone.example", Type.A);
        advance(1_900);
        ask("gone.example", Type.A);
        assertThat(server.queryCount("gone.example", "A")).isEqualTo(1);
        advance(200);
        ask("gone.example", Type.A);
        assertThat(server.queryCount("gone.example", "A")).isEqualTo(2);
    }

    @Test
    void temperrorIsRememberedOnlyBriefly() throws Exception {
        assertThat(DnsClient.TEMPERROR_TTL_SECONDS).isBetween(1L, 60L); // a failure is not an answer
        server.serverFailure("broken.example");
        assertThat(ask("broken.example", Type.TXT).isTempError()).isTrue();
        advance(TimeUnit.SECONDS.toMillis(DnsClient.TEMPERROR_TTL_SECONDS) - 100);
        assertThat(ask("broken.example", Type.TXT).isTempError()).isTrue();
        assertThat(server.queryCount("broken.example", "TXT")).isEqualTo(1);
        server.clear();
        server.addZoneText("broken.example. 300 IN TXT \"fixed\"\n");
        advance(200);
        assertThat(ask("broken.example", Type.TXT).texts()).containsExactly("fixed");
        assertThat(server.queryCount("broken.example", "TXT")).isEqualTo(1); // counts were reset by clear()
    }

    @Test
    void aliasFollowedByTheClientDoesNotOutliveItsTargetsTtl() throws Exception {
        // longer than the server follows in one answer, so the client asks for the rest of the chain itself
        StringBuilder zone = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            zone.append("c")
                    .append(i)
                    .append(".example. 300 IN CNAME c")
                    .append(i + 1)
                    .append(".example.\n");
        }
        zone.append("c10.example. 1 IN A 192.0.2.10\n");
        server.addZoneText(zone.toString());
        assertThat(ask("c0.example", Type.A).records()).hasSize(1);
        assertThat(server.queryCount("c9.example", "A")).isEqualTo(1); // the client followed the chain
        advance(900);
        ask("c0.example", Type.A);
        assertThat(server.queryCount("c0.example", "A")).isEqualTo(1);
        advance(200);
        assertThat(ask("c0.example", Type.A).records()).hasSize(1);
        assertThat(server.queryCount("c0.example", "A")).isEqualTo(2);
    }

    @Test
    void clearCacheForgetsAnswersBeforeTheirTtl() throws Exception {
        server.addZoneText("a.example. 300 IN A 192.0.2.1\n");
        ask("a.example", Type.A);
        client.clearCache();
        ask("a.example", Type.A);
        assertThat(server.queryCount("a.example", "A")).isEqualTo(2);
    }
}
