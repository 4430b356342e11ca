package io.ruaflow.enricher;

import static io.ruaflow.samples.ReportBuilder.dkim;
import static io.ruaflow.samples.ReportBuilder.header;
import static io.ruaflow.samples.ReportBuilder.record;
import static io.ruaflow.samples.ReportBuilder.spf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.samples.ZoneDnsServer;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnricherDnsTest {
    private static final ReportHeader HEADER = header("example.com", "r", "r");
    private static ZoneDnsServer server;
    private static Enricher enricher;

    @BeforeAll
    static void start() throws Exception {
        server = ZoneDnsServer.start(0);
        server.addZoneText(String.join(
                "\n",
                "example.com. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8:25::/48 include:sendgrid.net -all\"",
                "sendgrid.net. 300 IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"",
                "two.example. 300 IN TXT \"v=spf1 include:_spf.google.example include:sendgrid.net -all\"",
                "_spf.google.example. 300 IN TXT \"v=spf1 ip4:192.0.2.200/32 -all\"",
                "redirected.example. 300 IN TXT \"v=spf1 redirect=two.example\"",
                "s2048._domainkey.example.com. 300 IN TXT " + splitTxt("v=DKIM1; k=rsa; p=" + rsaKey(2048)),
                "short._domainkey.example.com. 300 IN TXT \"v=DKIM1; p=" + rsaKey(512) + "\"",
                "gone._domainkey.example.com. 300 IN TXT \"v=DKIM1; k=rsa; p=\"",
                "test._domainkey.example.com. 300 IN TXT \"v=DKIM1; t=y:s; p=" + rsaKey(1024) + "\"",
                "ed._domainkey.example.com. 300 IN TXT \"v=DKIM1; k=ed25519; p="
                        + Base64.getEncoder().encodeToString(new byte[32]) + "\"",
                "junk._domainkey.example.com. 300 IN TXT \"v=DKIM1; p=!!notbase64\"",
                "1.2.0.192.in-addr.arpa. 300 IN PTR mail.example.com.",
                "mail.example.com. 300 IN A 192.0.2.1",
                "2.2.0.192.in-addr.arpa. 300 IN PTR liar.example.net.",
                "liar.example.net. 300 IN A 203.0.113.1",
                "7.100.51.198.in-addr.arpa. 300 IN PTR o7.sendgrid-customer.example.",
                "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.5.2.0.0.8.b.d.0.1.0.0.2.ip6.arpa. 300 IN PTR"
                        + " mx.example.co.uk.",
                "mx.example.co.uk. 300 IN AAAA 2001:db8:25::25",
                "slow.example. 300 IN A 192.0.2.99",
                ""));
        server.neverAnswer("slow.example").serverFailure("s1._domainkey.broken.example");
        enricher = Enricher.withDns(DnsSettings.systemDefault()
                .withServer(server.hostAndPort())
                .withTimeout(Duration.ofMillis(400))
                .withRetries(0));
    }

    @AfterAll
    static void stop() {
        enricher.close();
        enricher.close();
        server.close();
    }

    private static String rsaKey(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    }

    private static String splitTxt(String value) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 200) {
            parts.add("\"" + value.substring(i, Math.min(value.length(), i + 200)) + "\"");
        }
        return String.join(" ", parts);
    }

    private static Enrichment enrich(ReportRecord record) {
        return enricher.enrich(HEADER, List.of(record), 0).get(0).enrichment();
    }

    @Test
    void freshSpfPassesAnAuthorizedSourceAndNamesTheMechanism() {
        Enrichment e = enrich(record(
                "192.0.2.1", "example.com", "example.com", List.of(), List.of(spf("example.com", "pass")), List.of()));
        assertThat(e.freshSpfResult()).isEqualTo("pass");
        assertThat(e.freshSpfMechanism()).isEqualTo("ip4:192.0.2.0/24");
        assertThat(e.ptrName()).isEqualTo("mail.example.com");
        assertThat(e.ptrConfirmed()).isTrue();
        assertThat(e.ptrBaseDomain()).isEqualTo("example.com");
    }

    @Test
    void aSendersReverseDnsOutcomeIsKeptNoLongerThanTheAnswersItCameFrom() throws Exception {
        server.addZoneText(
                "9.2.0.192.in-addr.arpa. 1 IN PTR again.example.com.\n" + "again.example.com. 300 IN A 192.0.2.9\n");
        ReportRecord record = record(
                "192.0.2.9", "example.com", "example.com", List.of(), List.of(spf("example.com", "pass")), List.of());
        assertThat(enrich(record).ptrName()).isEqualTo("again.example.com");
        long ptrQueries = server.queryCount("9.2.0.192.in-addr.arpa", "PTR");
        long forwardQueries = server.queryCount("again.example.com", "A");
        assertThat(ptrQueries).isEqualTo(1);

        Enrichment again = enrich(record);
        assertThat(again.ptrName()).isEqualTo("again.example.com");
        assertThat(again.ptrConfirmed()).isTrue();
        assertThat(again.freshSpfResult()).isEqualTo("pass");
        assertThat(server.queryCount("9.2.0.192.in-addr.arpa", "PTR")).isEqualTo(ptrQueries);

        Thread.sleep(1_100); // the PTR's TTL
        assertThat(enrich(record).ptrName()).isEqualTo("again.example.com");
        assertThat(server.queryCount("9.2.0.192.in-addr.arpa", "PTR")).isEqualTo(ptrQueries + 1);
        assertThat(server.queryCount("again.example.com", "A"))
                .as("cached for 300 s")
                .isEqualTo(forwardQueries);
    }

    @Test
    void anIncludedServiceIsIdentifiedFromTheIncludeChainWhenThePtrDoesNotTell() {
        Enrichment e = enrich(record(
                "198.51.100.7",
                "example.com",
                "example.com",
                List.of(),
                List.of(spf("example.com", "pass")),
                List.of()));
        assertThat(e.freshSpfResult()).isEqualTo("pass");
        assertThat(e.freshSpfMechanism()).isEqualTo("include:sendgrid.net");
        assertThat(e.ptrName()).isEqualTo("o7.sendgrid-customer.example");
        assertThat(e.ptrConfirmed()).isFalse();
        assertThat(e.service()).isEqualTo("SendGrid");
    }

    @Test
    void anIpv6SourceIsCheckedWithIp6MechanismsAndIp6Ptr() {
        Enrichment e = enrich(record(
                "2001:db8:25::25",
                "example.com",
                "example.com",
                List.of(),
                List.of(spf("example.com", "pass")),
                List.of()));
        assertThat(e.freshSpfResult()).isEqualTo("pass");
        assertThat(e.freshSpfMechanism()).isEqualTo("ip6:2001:db8:25::/48");
        assertThat(e.ptrName()).isEqualTo("mx.example.co.uk");
        assertThat(e.ptrConfirmed()).isTrue();
        assertThat(e.ptrBaseDomain()).isEqualTo("example.co.uk");
    }

    @Test
    void anUnlistedSourceFailsFreshSpfAndAPtrThatDoesNotLeadBackIsUnconfirmed() {
        Enrichment e = enrich(record(
                "192.0.2.2", "example.com", "example.com", List.of(), List.of(spf("example.com", "pass")), List.of()));
        assertThat(e.freshSpfResult()).isEqualTo("pass");
        Enrichment outside = enrich(record(
                "203.0.113.50",
                "example.com",
                "example.com",
                List.of(),
                List.of(spf("example.com", "fail")),
                List.of()));
        assertThat(outside.freshSpfResult()).isEqualTo("fail");
        assertThat(outside.freshSpfMechanism()).isEqualTo("-all");
        assertThat(outside.ptrName()).isNull();
        assertThat(outside.ptrConfirmed()).isFalse();
        assertThat(e.ptrName()).isEqualTo("liar.example.net");
        assertThat(e.ptrConfirmed()).isFalse();
    }

    @Test
    void dkimKeysReportSizeTypeRevocationTestingAndMissingSelectors() {
        Enrichment e = enrich(record(
                "192.0.2.1",
                "example.com",
                "example.com",
                List.of(
                        dkim("example.com", "s2048", "pass"),
                        dkim("example.com", "short", "pass"),
                        dkim("example.com", "gone", "fail"),
                        dkim("example.com", "test", "pass"),
                        dkim("example.com", "ed", "pass"),
                        dkim("example.com", "junk", "fail"),
                        dkim("example.com", "nosuch", "fail"),
                        dkim("example.com", null, "fail"),
                        dkim("broken.example", "s1", "fail")),
                List.of(),
                List.of()));
        assertThat(e.dkimKeys())
                .containsExactly(
                        new DkimKeyCheck("example.com", "s2048", DkimKeyStatus.FOUND, "rsa", 2048, false),
                        new DkimKeyCheck("example.com", "short", DkimKeyStatus.FOUND, "rsa", 512, false),
                        new DkimKeyCheck("example.com", "gone", DkimKeyStatus.REVOKED, null, null, false),
                        new DkimKeyCheck("example.com", "test", DkimKeyStatus.FOUND, "rsa", 1024, true),
                        new DkimKeyCheck("example.com", "ed", DkimKeyStatus.FOUND, "ed25519", 256, false),
                        new DkimKeyCheck("example.com", "junk", DkimKeyStatus.INVALID, null, null, false),
                        new DkimKeyCheck("example.com", "nosuch", DkimKeyStatus.MISSING, null, null, false),
                        new DkimKeyCheck("example.com", null, DkimKeyStatus.NO_SELECTOR, null, null, false),
                        new DkimKeyCheck("broken.example", "s1", DkimKeyStatus.TEMPERROR, null, null, false));
    }

    @Test
    void aTimeoutBecomesTemperrorNotAnException() {
        Enrichment e = enrich(record(
                "192.0.2.1",
                "slow.example",
                "slow.example",
                List.of(),
                List.of(spf("slow.example", "pass")),
                List.of()));
        assertThat(e.freshSpfResult()).isEqualTo("temperror");
        assertThat(e.freshSpfMechanism()).isNull();
        assertThat(e.ptrName()).isEqualTo("mail.example.com");
        // alignment and classification judge the reporter's results, which DNS trouble does not change
        assertThat(e.classification()).isEqualTo(Classification.ALIGNED);
    }

    @Test
    void spfCheckerAnswersTheCliQuestion() {
        try (SpfChecker checker = SpfChecker.withDns(DnsSettings.systemDefault().withServer(server.hostAndPort()))) {
            SpfResult result = checker.check("198.51.100.7", null, "alice@example.com", "mta.example.com");
            assertThat(result.result()).isEqualTo("pass");
            assertThat(result.mechanism()).isEqualTo("include:sendgrid.net");
            assertThat(result.includes()).containsExactly("sendgrid.net");
        }
    }

    @Test
    void theIncludeChainNamesOnlyTheIncludesThatAuthorizedTheIp() {
        try (SpfChecker checker = SpfChecker.withDns(DnsSettings.systemDefault().withServer(server.hostAndPort()))) {
            SpfResult viaSecond = checker.check("198.51.100.7", "two.example", "bob@two.example", "mta.example.com");
            assertThat(viaSecond.result()).isEqualTo("pass");
            assertThat(viaSecond.includes()).containsExactly("sendgrid.net");

            SpfResult viaRedirect =
                    checker.check("198.51.100.7", "redirected.example", "bob@redirected.example", "mta.example.com");
            assertThat(viaRedirect.result()).isEqualTo("pass");
            assertThat(viaRedirect.includes()).containsExactly("two.example", "sendgrid.net");

            SpfResult refused = checker.check("203.0.113.50", "two.example", "bob@two.example", "mta.example.com");
            assertThat(refused.result()).isEqualTo("fail");
            assertThat(refused.includes()).isEmpty();
        }
    }

    @Test
    void aSpooferIsNotCreditedToTheServicesTheClaimedDomainIncludes() {
        Enrichment spoofer = enrich(record(
                "203.0.113.50",
                "example.com",
                "example.com",
                List.of(),
                List.of(spf("example.com", "fail")),
                List.of()));
        assertThat(spoofer.freshSpfResult()).isEqualTo("fail");
        assertThat(spoofer.service()).isNull();
        assertThat(spoofer.serviceType()).isNull();
    }
}
