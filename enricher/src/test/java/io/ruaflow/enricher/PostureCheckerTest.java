package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.Finding;
import io.ruaflow.samples.ZoneDnsServer;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every posture finding, against zones served by the loopback DNS server. */
class PostureCheckerTest {
    private static ZoneDnsServer server;
    private static PostureChecker checker;
    private static final Map<String, DomainPosture> CHECKED = new HashMap<>();

    private static final List<PostureChecker.Selector> SELECTORS = List.of(
            new PostureChecker.Selector("good.example", "s2048"),
            new PostureChecker.Selector("good.example", "weak"),
            new PostureChecker.Selector("good.example", "short"),
            new PostureChecker.Selector("good.example", "gone"),
            new PostureChecker.Selector("good.example", "vanished"),
            new PostureChecker.Selector("good.example", "test"),
            new PostureChecker.Selector("good.example", "junk"));

    @BeforeAll
    static void start() throws Exception {
        server = ZoneDnsServer.start(0);
        StringBuilder zone = new StringBuilder();
        zone.append(String.join(
                "\n",
                // a clean domain
                "_dmarc.good.example. 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@good.example\"",
                "good.example. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 include:_spf.good.example -all\"",
                "_spf.good.example. 300 IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"",
                "_smtp._tls.good.example. 300 IN TXT \"v=TLSRPTv1; rua=mailto:tls@good.example\"",
                "default._bimi.good.example. 300 IN TXT \"v=BIMI1; l=https://good.example/logo.svg\"",
                "s2048._domainkey.good.example. 300 IN TXT " + split("v=DKIM1; k=rsa; p=" + rsaKey(2048)),
                "weak._domainkey.good.example. 300 IN TXT \"v=DKIM1; p=" + rsaKey(512) + "\"",
                "short._domainkey.good.example. 300 IN TXT \"v=DKIM1; p=" + rsaKey(1024) + "\"",
                "gone._domainkey.good.example. 300 IN TXT \"v=DKIM1; p=\"",
                "test._domainkey.good.example. 300 IN TXT " + split("v=DKIM1; t=y; p=" + rsaKey(2048)),
                "junk._domainkey.good.example. 300 IN TXT \"v=DKIM1; p=!!!\"",
                // eleven lookups through nested includes, pct, an unauthorized and an authorized external rua
                "_dmarc.heavy.example. 300 IN TXT \"v=DMARC1; p=quarantine; pct=50; rua=mailto:r@vendor.example,"
                        + "mailto:d@heavy.example; ruf=mailto:f@partner.example\"",
                "heavy.example._report._dmarc.partner.example. 300 IN TXT \"v=DMARC1\"",
                // an MTA-STS record whose policy host does not exist
                "_mta-sts.heavy.example. 300 IN TXT \"v=STSv1; id=20261201T000000\"",
                "heavy.example. 300 IN TXT \"v=spf1 include:l1.heavy.example include:l2.heavy.example"
                        + " include:l3.heavy.example include:l4.heavy.example include:l5.heavy.example -all\"",
                "l1.heavy.example. 300 IN TXT \"v=spf1 include:m1.heavy.example include:m2.heavy.example"
                        + " include:m3.heavy.example include:m4.heavy.example include:m5.heavy.example"
                        + " include:m6.heavy.example -all\"",
                ""));
        for (String leaf : List.of("l2", "l3", "l4", "l5", "m1", "m2", "m3", "m4", "m5", "m6")) {
            zone.append(leaf).append(".heavy.example. 300 IN TXT \"v=spf1 ip4:203.0.113.1 -all\"\n");
        }
        zone.append(String.join(
                "\n",
                // several records, and most SPF mistakes at once
                "_dmarc.bad.example. 300 IN TXT \"v=DMARC1; p=reject\"",
                "_dmarc.bad.example. 300 IN TXT \"v=DMARC1; p=none\"",
                "bad.example. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.5 ip4:192.0.2.0/24 ptr"
                        + " include:nothing.example +all\"",
                "bad.example. 300 IN SPF \"v=spf1 ip4:192.0.2.0/24 -all\"",
                "_mta-sts.bad.example. 300 IN TXT \"v=STSv1; id=not-valid!\"",
                "_smtp._tls.bad.example. 300 IN TXT \"v=TLSRPTv1;\"",
                "default._bimi.bad.example. 300 IN TXT \"v=BIMI1; l=http://bad.example/logo.svg\"",
                // bad tag values and removed tags
                "_dmarc.tags.example. 300 IN TXT \"v=DMARC1; p=block; adkim=x; fo=2; rf=afrf; foo=bar\"",
                "tags.example. 300 IN TXT \"v=spf1 a:n1.tags.example a:n2.tags.example a:n3.tags.example ?all\"",
                // a long record split so that two terms are glued together
                "long.example. 300 IN TXT \"v=spf1 " + "ip4:192.0.2.1 ".repeat(16)
                        + "ip4:192.0.2.1\" \"ip4:198.51.100.1 " + "ip4:198.51.100.2 ".repeat(12) + "\" \""
                        + "ip4:198.51.100.3 ".repeat(5) + "-all\"",
                ""));
        server.addZoneText(zone.toString());
        checker = PostureChecker.withDns(DnsSettings.systemDefault()
                .withServer(server.hostAndPort())
                .withTimeout(Duration.ofSeconds(2))
                .withRetries(1));
        for (String domain : List.of(
                "good.example",
                "heavy.example",
                "bad.example",
                "tags.example",
                "long.example",
                "sub.good.example",
                "none.example")) {
            CHECKED.put(domain, checker.check(domain, domain.equals("good.example") ? SELECTORS : List.of()));
        }
    }

    @AfterAll
    static void stop() {
        checker.close();
        server.close();
    }

    private static String rsaKey(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    }

    private static String split(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i += 200) {
            out.append('"').append(value, i, Math.min(value.length(), i + 200)).append("\" ");
        }
        return out.toString().trim();
    }

    static Stream<Arguments> findings() {
        return Stream.of(
                Arguments.of("heavy.example", "spf.lookups.over-limit", "error", "needs 11 DNS lookups"),
                Arguments.of("good.example", "spf.lookups", "info", "1 of 10 DNS lookups"),
                Arguments.of("tags.example", "spf.void-lookups", "error", "3 lookups find nothing"),
                Arguments.of("tags.example", "spf.void", "warning", "a:n1.tags.example"),
                Arguments.of("bad.example", "spf.all.pass", "error", "+all"),
                Arguments.of("tags.example", "spf.all.neutral", "warning", "?all"),
                Arguments.of("bad.example", "spf.ptr", "warning", "ptr"),
                Arguments.of("bad.example", "spf.rr-type", "warning", "type 99"),
                Arguments.of("bad.example", "spf.include.none", "error", "include:nothing.example"),
                Arguments.of("bad.example", "spf.duplicate", "warning", "'ip4:192.0.2.0/24' appears twice"),
                Arguments.of("bad.example", "spf.redundant", "warning", "'ip4:192.0.2.5'"),
                Arguments.of("long.example", "spf.size", "warning", "over 512"),
                Arguments.of("long.example", "spf.split", "info", "3 strings"),
                Arguments.of("long.example", "spf.split.glued", "error", "192.0.2.1ip4:198.51"),
                Arguments.of("none.example", "spf.missing", "warning", "no SPF record"),
                Arguments.of("heavy.example", "dmarc.pct", "warning", "pct=50"),
                Arguments.of(
                        "heavy.example",
                        "dmarc.uri.unauthorized",
                        "error",
                        "heavy.example._report._dmarc" + ".vendor.example"),
                Arguments.of("heavy.example", "dmarc.uri.authorized", "info", "partner.example"),
                Arguments.of("bad.example", "dmarc.multiple", "error", "2 DMARC records"),
                Arguments.of("tags.example", "dmarc.policy", "error", "p=block"),
                Arguments.of("tags.example", "dmarc.alignment", "error", "adkim=x"),
                Arguments.of("tags.example", "dmarc.fo", "error", "'2'"),
                Arguments.of("tags.example", "dmarc.removed", "info", "rf="),
                Arguments.of("tags.example", "dmarc.unknown-tag", "warning", "foo="),
                Arguments.of("tags.example", "dmarc.rua.missing", "warning", "no rua="),
                Arguments.of("none.example", "dmarc.missing", "error", "_dmarc.none.example"),
                Arguments.of("sub.good.example", "dmarc.inherited", "info", "the record of good.example applies"),
                Arguments.of("good.example", "dkim.ok", "info", "s2048._domainkey.good.example: rsa key, 2048"),
                Arguments.of("good.example", "dkim.weak", "error", "512-bit"),
                Arguments.of("good.example", "dkim.short", "warning", "1024-bit"),
                Arguments.of("good.example", "dkim.revoked", "warning", "gone._domainkey"),
                Arguments.of("good.example", "dkim.vanished", "warning", "vanished._domainkey"),
                Arguments.of("good.example", "dkim.testing", "warning", "t=y"),
                Arguments.of("good.example", "dkim.invalid", "error", "junk._domainkey"),
                Arguments.of("heavy.example", "mta-sts.ok", "info", "present"),
                Arguments.of("heavy.example", "mta-sts.policy.unreachable", "error", "mta-sts.heavy.example has no A"),
                Arguments.of("bad.example", "mta-sts.id", "error", "1 to 32"),
                Arguments.of("none.example", "mta-sts.missing", "info", "_mta-sts.none.example"),
                Arguments.of("good.example", "tls-rpt.ok", "info", "present"),
                Arguments.of("bad.example", "tls-rpt.rua", "error", "rua= is required"),
                Arguments.of("good.example", "bimi.ok", "info", "present"),
                Arguments.of("bad.example", "bimi.uri", "error", "https://"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("findings")
    void reportsEachFindingWithSeverityAndRecord(String domain, String code, String severity, String says) {
        DomainPosture posture = CHECKED.get(domain);
        List<Finding> matching =
                posture.findings().stream().filter(f -> f.code().equals(code)).toList();
        assertThat(matching).as(posture.findings().toString()).isNotEmpty();
        Finding finding = matching.get(0);
        assertThat(finding.severity().wireName()).isEqualTo(severity);
        assertThat(finding.message() + " " + finding.record()).contains(says);
        assertThat(finding.record()).isNotBlank();
    }

    @Test
    void aCleanDomainHasNoErrorsOrWarnings() {
        DomainPosture good = CHECKED.get("good.example");
        assertThat(good.findings().stream()
                        .filter(f -> !f.check().equals("dkim"))
                        .filter(f -> f.severity() != Finding.Severity.INFO))
                .isEmpty();
        assertThat(good.dmarcRecord()).isEqualTo("v=DMARC1; p=reject; rua=mailto:dmarc@good.example");
        assertThat(good.spfRecord()).startsWith("v=spf1 ip4:192.0.2.0/24");
        assertThat(good.spfLookups()).isEqualTo(1);
    }

    @Test
    void findingsComeErrorsFirstAndTheSpfRecordCarriesItsLookupCount() {
        DomainPosture heavy = CHECKED.get("heavy.example");
        assertThat(heavy.findings().get(0).severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(heavy.spfLookups()).isEqualTo(11);
        assertThat(CHECKED.get("sub.good.example").dmarcRecordDomain()).isEqualTo("good.example");
    }

    @Test
    void refusesWhatIsNotADomainName() {
        assertThatThrownBy(() -> checker.check("not a domain", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a domain name: 'not a domain'");
    }

    @Test
    void lookupsAreCountedThroughEveryIncludeAndAnIncludeCostsOneMore() throws Exception {
        try (ZoneDnsServer own = ZoneDnsServer.start(0)) {
            StringBuilder zone = new StringBuilder();
            zone.append("full.example. 300 IN TXT \"v=spf1 a mx include:i1.example include:i2.example"
                    + " include:i3.example include:i4.example include:i5.example include:i6.example"
                    + " include:i7.example -all\"\n");
            zone.append("light.example. 300 IN TXT \"v=spf1 mx include:i1.example -all\"\n");
            for (int i = 1; i <= 7; i++) {
                zone.append("i")
                        .append(i)
                        .append(".example. 300 IN TXT \"v=spf1 ip4:192.0.2.")
                        .append(i);
                zone.append(" -all\"\n");
            }
            zone.append("full.example. 300 IN A 192.0.2.1\nfull.example. 300 IN MX 10 full.example.\n");
            zone.append("light.example. 300 IN MX 10 full.example.\n");
            zone.append("sendgrid.net. 300 IN TXT \"v=spf1 include:a.sendgrid.example -all\"\n");
            zone.append("a.sendgrid.example. 300 IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n");
            own.addZoneText(zone.toString());
            try (PostureChecker budget = PostureChecker.withDns(
                    DnsSettings.systemDefault().withServer(own.hostAndPort()).withTimeout(Duration.ofSeconds(2)))) {
                assertThat(budget.lookups("full.example")).isEqualTo(9);
                assertThat(budget.lookups("light.example")).isEqualTo(2);
                assertThat(budget.includeCost("sendgrid.net")).isEqualTo(2);
                assertThat(budget.lookups("nothing-here.example")).isNull();
            }
        }
    }
}
