package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.samples.ZoneDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A check_host result is reused exactly as long as the DNS answers it was computed from are cached. */
class SpfCheckerCacheTest {
    private static final String IP = "192.0.2.10";

    private ZoneDnsServer server;
    private SpfChecker spf;

    @BeforeEach
    void start() throws Exception {
        server = ZoneDnsServer.start(0);
        spf = SpfChecker.withDns(DnsSettings.forServer(server.address()).withRetries(0));
    }

    @AfterEach
    void stop() {
        spf.close();
        server.close();
    }

    private SpfResult check(String domain) {
        return spf.check(IP, domain, "postmaster@" + domain, null);
    }

    @Test
    void theSameCheckIsAnsweredAgainWithoutAskingDnsWhileItsAnswersAreCached() throws Exception {
        server.addZoneText(
                """
                example.com. 300 IN TXT "v=spf1 include:_spf.esp.example -all"
                _spf.esp.example. 300 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
                """);
        SpfResult first = check("example.com");
        assertThat(first.result()).isEqualTo("pass");
        assertThat(spf.cached(java.net.InetAddress.getByName(IP), "example.com", "postmaster@example.com", null))
                .isEqualTo(first);
        server.resetCounts();

        assertThat(check("example.com")).isEqualTo(first);
        assertThat(server.queryCount()).isZero();
        // another IP, sender or domain is its own check
        assertThat(spf.check("198.51.100.1", "example.com", "postmaster@example.com", null)
                        .result())
                .isEqualTo("fail");
    }

    @Test
    void aResultLastsNoLongerThanTheShortestTtlOfTheAnswersItUsed() throws Exception {
        server.addZoneText(
                """
                example.com. 300 IN TXT "v=spf1 include:_spf.esp.example -all"
                _spf.esp.example. 1 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
                """);
        assertThat(check("example.com").result()).isEqualTo("pass");
        server.clear();
        server.addZoneText(
                """
                example.com. 300 IN TXT "v=spf1 include:_spf.esp.example -all"
                _spf.esp.example. 1 IN TXT "v=spf1 ip4:198.51.100.0/24 -all"
                """);
        assertThat(check("example.com").result())
                .as("both answers still cached")
                .isEqualTo("pass");

        Thread.sleep(1_100);
        assertThat(check("example.com").result())
                .as("the include's answer expired")
                .isEqualTo("fail");
        assertThat(server.queryCount("_spf.esp.example.", "TXT")).isEqualTo(1);
        assertThat(server.queryCount("example.com.", "TXT"))
                .as("still cached for 300 s")
                .isZero();
    }

    @Test
    void aResultFromUncachedAnswersOrATemperrorIsNotKept() throws Exception {
        server.addZoneText(
                """
                example.com. 0 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
                """);
        assertThat(check("example.com").result()).isEqualTo("pass");
        server.clear();
        server.addZoneText("""
                example.com. 0 IN TXT "v=spf1 -all"
                """);
        assertThat(check("example.com").result()).isEqualTo("fail");

        server.serverFailure("broken.example.");
        assertThat(check("broken.example").result()).isEqualTo("temperror");
        assertThat(spf.cached(java.net.InetAddress.getByName(IP), "broken.example", "postmaster@broken.example", null))
                .isNull();
    }
}
