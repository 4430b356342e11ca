package io.ruaflow.enricher.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.dns.DnsClient;
import io.ruaflow.samples.ZoneDnsServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9989 4.10 against records served by the loopback zone server. */
class TreeWalkTest {
    private static ZoneDnsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ZoneDnsServer.start(0);
        server.addZoneText(String.join(
                "\n",
                "_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:d@example.com\"",
                "_dmarc.sub.example.com. 300 IN TXT \"v=DMARC1; p=none\"",
                "_dmarc.dept.example.com. 300 IN TXT \"v=DMARC1; p=quarantine; psd=n\"",
                "_dmarc.example. 300 IN TXT \"v=DMARC1; p=reject; psd=y\"",
                "_dmarc.twice.example.net. 300 IN TXT \"v=DMARC1; p=reject\"",
                "_dmarc.twice.example.net. 300 IN TXT \"v=DMARC1; p=none\"",
                "_dmarc.mixed.example.net. 300 IN TXT \"google-site-verification=abc\"",
                "_dmarc.mixed.example.net. 300 IN TXT \"v=DMARC1; p=reject\"",
                "_dmarc.upper.example.net. 300 IN TXT \"v=dmarc1; p=reject\"",
                ""));
        server.serverFailure("_dmarc.broken.example.org");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TreeWalk.Walk walk(String domain) {
        try (DnsClient dns = new DnsClient(DnsSettings.systemDefault()
                .withServer(server.hostAndPort())
                .withTimeout(Duration.ofSeconds(2))
                .withRetries(0))) {
            return new TreeWalk(dns).walk(domain).join();
        }
    }

    static Stream<Arguments> organizationalDomains() {
        return Stream.of(
                // the record with the fewest labels decides when no psd tag stops the walk
                Arguments.of("mail.example.com", "example.com", "example.com"),
                Arguments.of("example.com", "example.com", "example.com"),
                // the author domain's own record applies, else the Organizational Domain's, not an intermediate one
                Arguments.of("a.sub.example.com", "example.com", "example.com"),
                Arguments.of("sub.example.com", "example.com", "sub.example.com"),
                // psd=n: this name is the Organizational Domain, and its record is the policy
                Arguments.of("x.y.dept.example.com", "dept.example.com", "dept.example.com"),
                // psd=y: the name one label below the Public Suffix Domain; the PSD's policy applies
                Arguments.of("a.b.agency.example", "agency.example", "example"),
                Arguments.of("agency.example", "agency.example", "example"),
                // several DMARC records at one name count as none; non-DMARC TXT records are ignored
                Arguments.of("mail.twice.example.net", "mail.twice.example.net", null),
                Arguments.of("mail.mixed.example.net", "mixed.example.net", "mixed.example.net"),
                // v=DMARC1 is case-sensitive
                Arguments.of("upper.example.net", "upper.example.net", null),
                // nothing published anywhere: the domain is its own Organizational Domain, no policy
                Arguments.of("www.nothing.example.org", "www.nothing.example.org", null));
    }

    @ParameterizedTest(name = "{0} → org {1}, policy at {2}")
    @MethodSource("organizationalDomains")
    void findsOrganizationalDomainAndPolicy(String domain, String org, String policyAt) {
        TreeWalk.Walk walk = walk(domain);
        assertThat(walk.complete()).isTrue();
        assertThat(walk.organizationalDomain()).isEqualTo(org);
        TreeWalk.Found policy = walk.policy();
        assertThat(policy == null ? null : policy.domain()).isEqualTo(policyAt);
    }

    @Test
    void longNameSkipsToSevenLabelsAndAsksAtMostEightQuestions() {
        // the RFC 9989 4.10 example: thirteen labels, eight queries, in this order
        server.resetCounts();
        TreeWalk.Walk walk = walk("a.b.c.d.e.f.g.h.i.j.mail.example.org");
        assertThat(walk.queries()).isEqualTo(TreeWalk.MAX_QUERIES);
        List<String> asked = List.of(
                "_dmarc.a.b.c.d.e.f.g.h.i.j.mail.example.org",
                "_dmarc.g.h.i.j.mail.example.org",
                "_dmarc.h.i.j.mail.example.org",
                "_dmarc.i.j.mail.example.org",
                "_dmarc.j.mail.example.org",
                "_dmarc.mail.example.org",
                "_dmarc.example.org",
                "_dmarc.org");
        for (String name : asked) {
            assertThat(server.queryCount(name, "TXT")).as(name).isEqualTo(1);
        }
        assertThat(server.queryCount()).isEqualTo(asked.size());
        assertThat(walk.organizationalDomain()).isEqualTo("a.b.c.d.e.f.g.h.i.j.mail.example.org");
    }

    @Test
    void psdTagStopsTheWalk() {
        server.resetCounts();
        TreeWalk.Walk walk = walk("x.dept.example.com");
        assertThat(walk.queries()).isEqualTo(2);
        assertThat(server.queryCount("_dmarc.example.com", "TXT")).isZero();
    }

    @Test
    void dnsFailureLeavesTheWalkIncomplete() {
        TreeWalk.Walk walk = walk("mail.broken.example.org");
        assertThat(walk.complete()).isFalse();
        assertThat(walk.problem()).contains("_dmarc.broken.example.org");
    }
}
