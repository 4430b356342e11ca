package io.ruaflow.enricher;

import static io.ruaflow.enricher.TestReports.header;
import static io.ruaflow.enricher.TestReports.record;
import static io.ruaflow.enricher.TestReports.spf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.parser.ReportRecord;
import io.ruaflow.samples.ZoneDnsServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Relaxed alignment by the RFC 9989 tree walk (the default) versus the Public Suffix List. */
class EnricherOrgDomainTest {
    private static ZoneDnsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ZoneDnsServer.start(0);
        server.addZoneText(String.join(
                "\n",
                "_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=reject\"",
                "_dmarc.news.example.com. 300 IN TXT \"v=DMARC1; p=none; psd=n\"",
                ""));
        server.serverFailure("_dmarc.flaky.example.com");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Enricher enricher(OrgDomainMethod method) {
        return Enricher.withDns(
                DnsSettings.systemDefault()
                        .withServer(server.hostAndPort())
                        .withTimeout(Duration.ofSeconds(1))
                        .withRetries(0),
                method);
    }

    private static Enrichment enrich(Enricher enricher, String headerFrom, String mailFrom) {
        ReportRecord r =
                record("192.0.2.1", headerFrom, mailFrom, List.of(), List.of(spf(mailFrom, "pass")), List.of());
        return enricher.enrich(header("example.com", "r", "r"), List.of(r), 0)
                .get(0)
                .enrichment();
    }

    @Test
    void treeWalkAndPublicSuffixListDisagreeWhereADomainPublishesPsdN() {
        // news.example.com declares itself an Organizational Domain (psd=n): bounce.example.com no longer aligns
        try (Enricher walk = enricher(OrgDomainMethod.TREEWALK);
                Enricher psl = enricher(OrgDomainMethod.PSL)) {
            Enrichment byWalk = enrich(walk, "letters.news.example.com", "bounce.example.com");
            Enrichment byList = enrich(psl, "letters.news.example.com", "bounce.example.com");

            assertThat(byWalk.headerFromOrgDomain()).isEqualTo("news.example.com");
            assertThat(byWalk.spfAligned()).isFalse();
            assertThat(byWalk.orgDomainMethod()).isEqualTo(OrgDomainMethod.TREEWALK);

            assertThat(byList.headerFromOrgDomain()).isEqualTo("example.com");
            assertThat(byList.spfAligned()).isTrue();
            assertThat(byList.orgDomainMethod()).isEqualTo(OrgDomainMethod.PSL);
        }
    }

    @Test
    void treeWalkAlignsSubdomainsUnderTheRecordWithFewestLabels() {
        try (Enricher walk = enricher(OrgDomainMethod.TREEWALK)) {
            Enrichment e = enrich(walk, "shop.example.com", "bounce.example.com");
            assertThat(e.headerFromOrgDomain()).isEqualTo("example.com");
            assertThat(e.spfAligned()).isTrue();
            assertThat(e.orgDomainMethod()).isEqualTo(OrgDomainMethod.TREEWALK);
        }
    }

    @Test
    void aWalkCutShortByDnsFallsBackToThePublicSuffixListAndSaysSo() {
        try (Enricher walk = enricher(OrgDomainMethod.TREEWALK)) {
            Enrichment e = enrich(walk, "mail.flaky.example.com", "bounce.example.com");
            assertThat(e.headerFromOrgDomain()).isEqualTo("example.com");
            assertThat(e.spfAligned()).isTrue();
            assertThat(e.orgDomainMethod()).isEqualTo(OrgDomainMethod.PSL);
        }
    }

    @Test
    void offlineUsesThePublicSuffixList() {
        try (Enricher offline = Enricher.offline()) {
            Enrichment e = enrich(offline, "letters.news.example.com", "bounce.example.com");
            assertThat(e.spfAligned()).isTrue();
            assertThat(e.orgDomainMethod()).isEqualTo(OrgDomainMethod.PSL);
        }
    }
}
