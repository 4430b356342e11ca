package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.enricher.SourceAdvisor.Advice;
import io.ruaflow.enricher.SourceAdvisor.Facts;
import io.ruaflow.enricher.SourceAdvisor.Kind;
import io.ruaflow.samples.ZoneDnsServer;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SourceAdvisorTest {
    private static Facts facts(String service, String classification, String spf, long fail) {
        return new Facts(
                "example-shop.com", "192.0.2.7", "o1.mail.example.net", service, classification, spf, 500, fail, 0, 0);
    }

    static Stream<Arguments> advice() {
        return Stream.of(
                Arguments.of(
                        facts("Salesforce", "misconfigured", "pass", 485),
                        Kind.ALIGN_SERVICE,
                        "configure a custom return path under example-shop.com at Salesforce, or DKIM signing for"
                                + " example-shop.com: 485 messages failed",
                        "SPF passes for the service's own bounce domain but does not align"),
                Arguments.of(
                        facts("SendGrid", "unauthorized", "fail", 40),
                        Kind.ADD_TO_SPF,
                        "if SendGrid sends for you, add include:sendgrid.net to the SPF record of example-shop.com",
                        "40 of 500 messages from 192.0.2.7 (o1.mail.example.net) failed DMARC; fresh SPF check: fail"),
                Arguments.of(
                        facts(null, "forwarded", "fail", 12),
                        Kind.FORWARDING,
                        "o1.mail.example.net forwards or redistributes your mail",
                        "ARC"),
                Arguments.of(
                        facts(null, "unauthorized", "fail", 300),
                        Kind.SPOOFING,
                        "likely spoofing: p=reject would stop it (300 messages",
                        "not a sending service ruaflow knows"),
                Arguments.of(
                        facts("SendGrid", "unauthorized", "permerror", 9),
                        Kind.FIX_SPF,
                        "fix the SPF record of the envelope domain: receivers get permerror",
                        "permerror"),
                Arguments.of(
                        facts("Google Workspace", "aligned", "pass", 3),
                        Kind.INTERMITTENT,
                        "mostly aligned, but 3 messages failed",
                        "0 SPF-aligned"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("advice")
    void oneConcreteActionWithEvidence(Facts facts, Kind kind, String action, String evidence) {
        Advice advice = SourceAdvisor.advise(facts, null);
        assertThat(advice.kind()).isEqualTo(kind);
        assertThat(advice.action() + " | " + advice.evidence()).contains(action).contains(evidence);
        assertThat(advice.sourceIp()).isEqualTo("192.0.2.7");
    }

    @Test
    void addingAnIncludeSaysTheLookupCountAfterTheChangeAndWarnsOverTen() throws Exception {
        try (ZoneDnsServer server = ZoneDnsServer.start(0)) {
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
            server.addZoneText(zone.toString());
            try (PostureChecker budget = PostureChecker.withDns(
                    DnsSettings.systemDefault().withServer(server.hostAndPort()).withTimeout(Duration.ofSeconds(2)))) {
                Facts full =
                        new Facts("full.example", "192.0.2.9", null, "SendGrid", "unauthorized", "fail", 10, 10, 0, 0);
                assertThat(SourceAdvisor.advise(full, budget).action())
                        .contains("add include:sendgrid.net to the SPF record of full.example (SPF lookups 9 → 11 of"
                                + " 10: over the limit, receivers would return permerror");
                Facts light =
                        new Facts("light.example", "192.0.2.9", null, "SendGrid", "unauthorized", "fail", 10, 10, 0, 0);
                assertThat(SourceAdvisor.advise(light, budget).action()).contains("(SPF lookups 2 → 4 of 10)");
            }
        }
    }
}
