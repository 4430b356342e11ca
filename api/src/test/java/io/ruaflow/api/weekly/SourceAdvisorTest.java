package io.ruaflow.api.weekly;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.api.weekly.SourceAdvisor.Advice;
import io.ruaflow.api.weekly.SourceAdvisor.Facts;
import io.ruaflow.api.weekly.SourceAdvisor.Kind;
import java.util.Map;
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
    void addingAnIncludeSaysTheLookupCountAfterTheChangeAndWarnsOverTen() {
        // full.example spends 9 lookups, light.example 2; sendgrid.net's include costs 2 (what PostureChecker counts)
        Map<String, Integer> lookups = Map.of("full.example", 9, "light.example", 2, "sendgrid.net", 1);
        SourceAdvisor.SpfBudget budget = new SourceAdvisor.SpfBudget() {
            @Override
            public Integer lookups(String domain) {
                return lookups.get(domain);
            }

            @Override
            public Integer includeCost(String target) {
                Integer inside = lookups.get(target);
                return inside == null ? null : 1 + inside;
            }
        };
        Facts full = new Facts("full.example", "192.0.2.9", null, "SendGrid", "unauthorized", "fail", 10, 10, 0, 0);
        assertThat(SourceAdvisor.advise(full, budget).action())
                .contains("add include:sendgrid.net to the SPF record of full.example (SPF lookups 9 → 11 of"
                        + " 10: over the limit, receivers would return permerror");
        Facts light = new Facts("light.example", "192.0.2.9", null, "SendGrid", "unauthorized", "fail", 10, 10, 0, 0);
        assertThat(SourceAdvisor.advise(light, budget).action()).contains("(SPF lookups 2 → 4 of 10)");
        Facts unknown = new Facts("other.example", "192.0.2.9", null, "SendGrid", "unauthorized", "fail", 10, 10, 0, 0);
        assertThat(SourceAdvisor.advise(unknown, budget).action()).doesNotContain("SPF lookups");
    }
}
