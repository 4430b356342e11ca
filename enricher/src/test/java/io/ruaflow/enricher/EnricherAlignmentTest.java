package io.ruaflow.enricher;

import static io.ruaflow.enricher.TestReports.dkim;
import static io.ruaflow.enricher.TestReports.header;
import static io.ruaflow.enricher.TestReports.record;
import static io.ruaflow.enricher.TestReports.spf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EnricherAlignmentTest {
    private static final Enricher offline = Enricher.offline();

    @AfterAll
    static void close() {
        offline.close();
        offline.close();
    }

    private static Enrichment enrich(ReportHeader header, ReportRecord record) {
        List<EnrichedRecord> out = offline.enrich(header, List.of(record), 7);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).position()).isEqualTo(7);
        return out.get(0).enrichment();
    }

    @Test
    void relaxedSpfAlignsASubdomainButStrictDoesNot() {
        ReportRecord r = record(
                "192.0.2.1",
                "example.com",
                "bounce.example.com",
                List.of(),
                List.of(spf("bounce.example.com", "pass")),
                List.of());
        Enrichment relaxed = enrich(header("example.com", "r", "r"), r);
        assertThat(relaxed.spfDomain()).isEqualTo("bounce.example.com");
        assertThat(relaxed.spfAligned()).isTrue();
        assertThat(relaxed.dmarcPass()).isTrue();
        assertThat(relaxed.classification()).isEqualTo(Classification.ALIGNED);
        Enrichment strict = enrich(header("example.com", "r", "s"), r);
        assertThat(strict.spfAligned()).isFalse();
        assertThat(strict.dmarcPass()).isFalse();
        assertThat(strict.classification()).isEqualTo(Classification.MISCONFIGURED);
    }

    @Test
    void strictDkimNeedsTheIdenticalDomainIgnoringCase() {
        ReportRecord sub = record(
                "192.0.2.1",
                "example.com",
                null,
                List.of(dkim("mail.example.com", "s1", "pass")),
                List.of(),
                List.of());
        assertThat(enrich(header("example.com", "s", "r"), sub).dkimAligned()).isFalse();
        assertThat(enrich(header("example.com", "r", "r"), sub).dkimAligned()).isTrue();
        ReportRecord same = record(
                "192.0.2.1", "Example.COM.", null, List.of(dkim("example.com", "s1", "pass")), List.of(), List.of());
        assertThat(enrich(header("example.com", "s", "r"), same).dkimAligned()).isTrue();
    }

    @Test
    void publicSuffixesLikeCoUkAreNotOrganizationalDomains() {
        ReportRecord other = record(
                "192.0.2.1",
                "shop.example.co.uk",
                null,
                List.of(dkim("attacker.co.uk", "s1", "pass")),
                List.of(),
                List.of());
        Enrichment e = enrich(header("example.co.uk", "r", "r"), other);
        assertThat(e.headerFromOrgDomain()).isEqualTo("example.co.uk");
        assertThat(e.dkimAligned()).isFalse();
        ReportRecord same = record(
                "192.0.2.1",
                "shop.example.co.uk",
                null,
                List.of(dkim("example.co.uk", "s1", "pass")),
                List.of(),
                List.of());
        assertThat(enrich(header("example.co.uk", "r", "r"), same).dkimAligned())
                .isTrue();
        assertThat(Domains.organizationalDomain("co.uk")).isEqualTo("co.uk");
        assertThat(Domains.organizationalDomain("a.b.unlisted-tld-xyz")).isEqualTo("b.unlisted-tld-xyz");
    }

    @Test
    void unicodeHeaderFromAlignsWithItsPunycodeSignature() {
        ReportRecord r = record(
                "2001:db8::25",
                "bücher.example",
                null,
                List.of(dkim("xn--bcher-kva.example", "s1", "pass")),
                List.of(),
                List.of());
        Enrichment e = enrich(header("bücher.example", "s", "s"), r);
        assertThat(e.dkimAligned()).isTrue();
        assertThat(e.headerFromOrgDomain()).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void spfDomainFallsBackToTheMfromAuthDomainWhenEnvelopeFromIsMissing() {
        ReportRecord r =
                record("192.0.2.1", "example.com", null, List.of(), List.of(spf("example.com", "pass")), List.of());
        Enrichment e = enrich(header("example.com", "r", "r"), r);
        assertThat(e.spfDomain()).isEqualTo("example.com");
        assertThat(e.spfAligned()).isTrue();
    }

    @Test
    void spfPassForAnotherDomainThanTheMailFromDoesNotAlign() {
        ReportRecord r = record(
                "192.0.2.1", "example.com", "example.com", List.of(), List.of(spf("other.example", "pass")), List.of());
        assertThat(enrich(header("example.com", "r", "r"), r).spfAligned()).isFalse();
    }

    @Test
    void classifiesForwardingFromTheOverrideReason() {
        ReportRecord r = record(
                "192.0.2.1",
                "example.com",
                "list.example.org",
                List.of(),
                List.of(spf("list.example.org", "fail")),
                List.of(new OverrideReason("mailing_list", null)));
        assertThat(enrich(header("example.com", "r", "r"), r).classification()).isEqualTo(Classification.FORWARDED);
    }

    @Test
    void classifiesAnUnalignedDkimPassWithFailingSpfAsUnauthorized() {
        // The corpus case (addisonfoods.com report, 109.203.100.17): DKIM passes only for an unrelated domain, the
        // envelope claims example.com, no SPF result. Someone controls toptierhighticket.club; nothing says forwarding.
        ReportRecord r = record(
                "109.203.100.17",
                "example.com",
                "example.com",
                List.of(dkim("toptierhighticket.club", "default", "pass")),
                List.of(),
                List.of());
        assertThat(enrich(header("example.com", "r", "r"), r).classification()).isEqualTo(Classification.UNAUTHORIZED);
        ReportRecord withSpfFail = record(
                "192.0.2.1",
                "example.com",
                "forwarder.example",
                List.of(dkim("other.example", "s", "pass")),
                List.of(spf("forwarder.example", "fail")),
                List.of());
        assertThat(enrich(header("example.com", "r", "r"), withSpfFail).classification())
                .isEqualTo(Classification.UNAUTHORIZED);
    }

    @Test
    void classifiesAnAlignedDkimPassRelayedOutsideSpfAsForwarded() {
        ReportRecord r = record(
                "192.0.2.1",
                "example.com",
                "example.com",
                List.of(dkim("example.com", "s", "pass")),
                List.of(spf("example.com", "softfail")),
                List.of());
        Enrichment e = enrich(header("example.com", "r", "r"), r);
        assertThat(e.dmarcPass()).isTrue();
        assertThat(e.classification()).isEqualTo(Classification.FORWARDED);
    }

    @Test
    void classifiesAKnownMailingListAsForwarded() {
        ReportRecord r = record(
                "192.0.2.1",
                "example.com",
                "example.com",
                List.of(dkim("example.com", "s", "fail"), dkim("googlegroups.com", "20230601", "pass")),
                List.of(spf("example.com", "fail")),
                List.of());
        Enrichment e = enrich(header("example.com", "r", "r"), r);
        assertThat(e.service()).isEqualTo("Google Groups");
        assertThat(e.classification()).isEqualTo(Classification.FORWARDED);
    }

    @Test
    void classifiesAServicePassingSpfForItsOwnDomainAsMisconfigured() {
        ReportRecord r = record(
                "192.0.2.1",
                "example.com",
                "bounces.sendgrid.net",
                List.of(),
                List.of(spf("bounces.sendgrid.net", "pass")),
                List.of());
        Enrichment e = enrich(header("example.com", "r", "r"), r);
        assertThat(e.classification()).isEqualTo(Classification.MISCONFIGURED);
        assertThat(e.service()).isEqualTo("SendGrid");
        assertThat(e.serviceType()).isEqualTo("esp");
    }

    @Test
    void classifiesNothingPassingAsUnauthorized() {
        ReportRecord r = record(
                "203.0.113.9",
                "example.com",
                "example.com",
                List.of(dkim("example.com", "s", "fail")),
                List.of(spf("example.com", "fail")),
                List.of());
        Enrichment e = enrich(header("example.com", "r", "r"), r);
        assertThat(e.classification()).isEqualTo(Classification.UNAUTHORIZED);
        assertThat(e.dmarcPass()).isFalse();
        assertThat(e.differsFromReporter()).isFalse();
    }

    @Test
    void flagsAReporterVerdictThatDiffersFromOurs() {
        ReportRecord claimedPass = new ReportRecord(
                "192.0.2.1",
                3,
                "none",
                "pass",
                "fail",
                List.of(),
                null,
                "other.example",
                "example.com",
                List.of(dkim("other.example", "s", "pass")),
                List.of(spf("other.example", "fail")));
        Enrichment e = enrich(header("example.com", "r", "r"), claimedPass);
        assertThat(e.dmarcPass()).isFalse();
        assertThat(e.differsFromReporter()).isTrue();
    }

    @Test
    void offlineLeavesEveryDnsFieldEmpty() {
        ReportRecord r = record(
                "192.0.2.1",
                "example.com",
                "example.com",
                List.of(dkim("example.com", "s1", "pass")),
                List.of(spf("example.com", "pass")),
                List.of());
        Enrichment e = enrich(header("example.com", "r", "r"), r);
        assertThat(e.freshSpfResult()).isNull();
        assertThat(e.freshSpfMechanism()).isNull();
        assertThat(e.dkimKeys()).isEmpty();
        assertThat(e.ptrName()).isNull();
        assertThat(e.ptrConfirmed()).isNull();
        assertThat(e.ptrBaseDomain()).isNull();
        assertThat(e.checkedAt()).isNotNull();
    }

    @Test
    void theSendersMapCoversAtLeastFiftyServices() {
        SendingServices services = SendingServices.load();
        assertThat(services.size()).isGreaterThanOrEqualTo(50);
        assertThat(services.find("mail-yw1-f172.google.com").name()).isEqualTo("Google Workspace");
        assertThat(services.find("spf.protection.outlook.com").name()).isEqualTo("Microsoft 365");
        assertThat(services.find("a8-1.smtp-out.amazonses.com").name()).isEqualTo("Amazon SES");
        assertThat(services.find("example.com")).isNull();
    }
}
