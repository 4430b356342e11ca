package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.FailureReportParser;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.samples.ZoneDnsServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A failure report's source gets the same live re-check as an aggregate record, against a loopback zone. */
class FailureEnricherTest {
    private static ZoneDnsServer server;
    private static Enricher enricher;

    @BeforeAll
    static void start() throws Exception {
        server = ZoneDnsServer.start(0);
        server.addZoneText(String.join(
                "\n",
                "example.com. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 include:sendgrid.net -all\"",
                "sendgrid.net. 300 IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"",
                "7.100.51.198.in-addr.arpa. 300 IN PTR o7.sendgrid.net.",
                "o7.sendgrid.net. 300 IN A 198.51.100.7",
                ""));
        enricher = Enricher.withDns(DnsSettings.systemDefault()
                .withServer(server.hostAndPort())
                .withTimeout(Duration.ofMillis(800))
                .withRetries(1));
    }

    @AfterAll
    static void stop() {
        enricher.close();
        server.close();
    }

    private static FailureReport report(String sourceIp, String mailFrom, String authResults) throws Exception {
        String mail =
                """
                From: dmarc@reporter.example
                Message-ID: <%s@reporter.example>
                Content-Type: multipart/report; report-type=feedback-report; boundary="b"

                --b
                Content-Type: message/feedback-report

                Feedback-Type: auth-failure
                Arrival-Date: Tue, 03 Mar 2026 10:00:00 +0000
                %s
                Original-Mail-From: %s
                Reported-Domain: example.com
                Auth-Failure: dmarc
                Authentication-Results: mx.reporter.example; %s

                --b
                Content-Type: text/rfc822-headers

                From: Billing <billing@example.com>
                Subject: invoice

                --b--
                """
                        .formatted(sourceIp, sourceIp.isEmpty() ? "" : "Source-IP: " + sourceIp, mailFrom, authResults);
        return new FailureReportParser().parse(ReportInput.ofBytes("t.eml", mail.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aServiceSendingWithItsOwnReturnPathIsMisconfiguredAndNamed() throws Exception {
        FailureReport r = new FailureEnricher(enricher)
                .enrich(report("198.51.100.7", "<bounce@sendgrid.net>", "spf=pass smtp.mailfrom=sendgrid.net"));
        FailureReport.Recheck c = r.recheck();
        assertThat(c.ptrName()).isEqualTo("o7.sendgrid.net");
        assertThat(c.ptrConfirmed()).isTrue();
        assertThat(c.service()).isEqualTo("SendGrid");
        assertThat(c.freshSpfResult()).isEqualTo("pass");
        assertThat(c.freshSpfMechanism()).isEqualTo("ip4:198.51.100.0/24");
        assertThat(c.classification()).isEqualTo("misconfigured");
        assertThat(c.checkedAt()).isNotNull();
    }

    @Test
    void aSpoofedSourceIsUnauthorizedAndFailsFreshSpf() throws Exception {
        FailureReport r = new FailureEnricher(enricher)
                .enrich(report("203.0.113.9", "<billing@example.com>", "spf=fail smtp.mailfrom=example.com"));
        assertThat(r.recheck().freshSpfResult()).isEqualTo("fail");
        assertThat(r.recheck().freshSpfMechanism()).isEqualTo("-all");
        assertThat(r.recheck().ptrName()).isNull();
        assertThat(r.recheck().classification()).isEqualTo("unauthorized");
    }

    @Test
    void aReportWithoutSourceIpIsLeftUnchecked() throws Exception {
        FailureReport r = report("", "<billing@example.com>", "spf=fail smtp.mailfrom=example.com");
        assertThat(r.sourceIp()).isNull();
        assertThat(new FailureEnricher(enricher).enrich(r)).isSameAs(r);
    }
}
