package io.ruaflow.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reporter shapes beyond the shared corpus, and the refusals: each a mail written the way that reporter writes. */
class FailureReportParserTest {
    private final FailureReportParser parser = new FailureReportParser();

    private static String arf(
            String topType, String feedbackType, String feedback, String originalType, String original) {
        return """
                From: Reporter <dmarc-ruf@reporter.example>
                To: ruf@example.com
                Subject: DMARC failure report
                Date: Tue, 03 Mar 2026 10:00:00 +0000
                Message-ID: <ruf-1@reporter.example>
                MIME-Version: 1.0
                Content-Type: %s; boundary="b1"

                --b1
                Content-Type: text/plain

                This is an authentication failure report for an email message received from IP 192.0.2.99.

                --b1
                Content-Type: %s

                %s
                --b1
                Content-Type: %s

                %s
                --b1--
                """
                .formatted(topType, feedbackType, feedback, originalType, original);
    }

    private FailureReport parse(String mail) throws Exception {
        return parser.parse(ReportInput.ofBytes("test.eml", mail.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rfc6591ExampleWithHeadersOnlyAndDkimFields() throws Exception {
        FailureReport r = parse(
                arf(
                        "multipart/report; report-type=feedback-report",
                        "message/feedback-report",
                        """
                Feedback-Type: auth-failure
                User-Agent: SomeDKIMFilter/1.0
                Version: 1
                Original-Mail-From: <randomuser@example.net>
                Original-Rcpt-To: <user@example.com>
                Received-Date: Tue, 8 Mar 2005 14:00:00 -0500
                Source-IP: 192.0.2.1
                Authentication-Results: mail.example.com; dkim=fail header.d=example.net
                Reported-Domain: example.net
                DKIM-Domain: example.net
                DKIM-Identity: @example.net
                DKIM-Selector: news
                Auth-Failure: signature
                """,
                        "text/rfc822-headers",
                        """
                From: Newsletter <news@example.net>
                To: user@example.com
                Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=
                Message-ID: <12345@mail.example.net>
                DKIM-Signature: v=1; a=rsa-sha256; d=example.net; s=other; h=from; b=abc
                """));
        assertThat(r.format()).isEqualTo(FailureReport.Format.ARF);
        assertThat(r.reporter()).isEqualTo("reporter.example");
        assertThat(r.arrivalDate()).isEqualTo(Instant.parse("2005-03-08T19:00:00Z"));
        assertThat(r.sourceIp()).isEqualTo("192.0.2.1");
        assertThat(r.reportedDomain()).isEqualTo("example.net");
        assertThat(r.authFailures()).containsExactly("signature");
        assertThat(r.dkimDomain()).isEqualTo("example.net");
        assertThat(r.dkimSelector()).isEqualTo("news"); // the field wins over the signature's s=
        assertThat(r.dkimResult()).isEqualTo("fail");
        assertThat(r.spfResult()).isNull();
        assertThat(r.recheck()).isNull();
        assertThat(r.spfDomain()).isEqualTo("example.net");
        assertThat(r.subject()).isEqualTo("Grüße");
        assertThat(r.from()).isEqualTo("Newsletter <redacted@example.net>");
        assertThat(r.originalMailFrom()).isEqualTo("redacted@example.net");
        assertThat(r.originalRcptTo()).isEqualTo("redacted@example.com");
        assertThat(r.userAgent()).isEqualTo("SomeDKIMFilter/1.0");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void openDmarcShapeWithHostAfterIpAndNoReportedDomain() throws Exception {
        FailureReport r = parse(
                arf(
                        "multipart/report; report-type=feedback-report",
                        "message/feedback-report",
                        """
                Feedback-Type: auth-failure
                Version: 1
                User-Agent: OpenDMARC-Filter/1.4.2
                Auth-Failure: dmarc
                Authentication-Results: mx.example.com; dmarc=fail (p=reject dis=reject) header.from=example.org
                Original-Envelope-Id: 4ABC123
                Original-Mail-From: bounce@mailer.example.org
                Source-IP: 198.51.100.7 (mail.example.org)
                """,
                        "text/rfc822-headers",
                        """
                From: alice@example.org
                Date: Mon, 2 Mar 2026 09:00:00 +0100
                Subject: hello
                """));
        assertThat(r.sourceIp()).isEqualTo("198.51.100.7");
        assertThat(r.reportedDomain()).isEqualTo("example.org");
        assertThat(r.arrivalDate()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(r.spfDomain()).isEqualTo("mailer.example.org");
        assertThat(r.messageId()).isNull();
        assertThat(r.warnings())
                .anyMatch(w -> w.contains("header.from of the Authentication-Results"))
                .anyMatch(w -> w.contains("the original's Date is used"));
    }

    @Test
    void feedbackDeclaredAsTextAndDkimFromTheSignatureAndIpv6() throws Exception {
        FailureReport r = parse(
                arf(
                        "multipart/mixed",
                        "text/plain",
                        """
                Feedback-Type: auth-failure
                Arrival-Date: Wed, 04 Mar 2026 12:00:00 +0000
                Source-IP: [IPv6:2001:DB8:0:0::1]
                Reported-Domain: Example.COM.
                Auth-Failure: dkim, spf
                """,
                        "message/rfc822",
                        """
                From: "Bob" <bob@example.com>
                To: carol@gmail.example
                Message-ID: <abc@example.com>
                DKIM-Signature: v=1; a=rsa-sha256; d=example.com;
                 s=sel2026; h=from:to; b=xyz

                The body is never kept: bob@example.com wrote this.
                """));
        assertThat(r.sourceIp()).isEqualTo("2001:db8::1");
        assertThat(r.reportedDomain()).isEqualTo("example.com");
        assertThat(r.authFailures()).containsExactly("dkim", "spf");
        assertThat(r.dkimDomain()).isEqualTo("example.com");
        assertThat(r.dkimSelector()).isEqualTo("sel2026");
        assertThat(r.headers())
                .doesNotContain("body")
                .doesNotContain("bob@")
                .contains("\"Bob\" <redacted@example.com>");
        assertThat(r.headers()).contains("Message-ID: <abc@example.com>");
        assertThat(r.warnings())
                .anyMatch(w -> w.contains("declared as text/plain"))
                .anyMatch(w -> w.contains("declared as multipart/mixed"));
    }

    @Test
    void anAbuseReportIsRefusedWithItsType() {
        String mail = arf(
                "multipart/report; report-type=feedback-report",
                "message/feedback-report",
                "Feedback-Type: abuse\nReported-Domain: example.com\n",
                "text/rfc822-headers",
                "From: a@example.com\n");
        assertThatThrownBy(() -> parse(mail))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageStartingWith("test.eml: ")
                .hasMessageContaining("Feedback-Type abuse");
    }

    @Test
    void aReportNamingNoDomainIsRefused() {
        String mail = arf(
                "multipart/report; report-type=feedback-report",
                "message/feedback-report",
                "Feedback-Type: auth-failure\nSource-IP: 192.0.2.1\n",
                "text/rfc822-headers",
                "Subject: no from here\n");
        assertThatThrownBy(() -> parse(mail))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("names no reported domain");
    }

    @Test
    void aMailWithNoReportIsRefusedNamingItsParts() {
        String mail = "From: a@example.com\nSubject: hi\nContent-Type: text/html\n\n<p>hello</p>\n";
        assertThatThrownBy(() -> parse(mail))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("not a failure report")
                .hasMessageContaining("text/html");
        assertThat(FailureReportParser.looksLikeFailureReport(mail.getBytes(StandardCharsets.UTF_8)))
                .isFalse();
    }

    @Test
    void headersOverTheLimitAreCutAtAHeaderBoundary() throws Exception {
        StringBuilder many = new StringBuilder("From: x@example.com\n");
        while (many.length() <= FailureReportParser.MAX_ORIGINAL_HEADER_BYTES + 100) {
            many.append("X-Filler: ").append("y".repeat(70)).append('\n');
        }
        FailureReport r = parse(arf(
                "multipart/report; report-type=feedback-report",
                "message/feedback-report",
                "Feedback-Type: auth-failure\nReported-Domain: example.com\nSource-IP: 192.0.2.1\n",
                "text/rfc822-headers",
                many.toString()));
        assertThat(r.headers().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(FailureReportParser.MAX_ORIGINAL_HEADER_BYTES);
        assertThat(r.headers()).startsWith("From: redacted@example.com\n").endsWith("y\n");
        assertThat(r.warnings()).anyMatch(w -> w.contains("MAX_ORIGINAL_HEADER_BYTES"));
    }

    @Test
    void withoutMessageIdTheUidIsTheContentsAndIgnoresLineEndingsAndMboxLine() throws Exception {
        String mail = arf(
                        "multipart/report; report-type=feedback-report",
                        "message/feedback-report",
                        "Feedback-Type: auth-failure\nReported-Domain: example.com\nSource-IP: 192.0.2.1\n",
                        "text/rfc822-headers",
                        "From: x@example.com\n")
                .replace("Message-ID: <ruf-1@reporter.example>\n", "");
        FailureReport lf = parse(mail);
        FailureReport crlf = parse("From MAILER-DAEMON Tue Mar  3 10:00:00 2026\n" + mail.replace("\n", "\r\n"));
        FailureReport other = parse(mail.replace("192.0.2.1", "192.0.2.2"));
        assertThat(lf.reportUid()).isEqualTo(crlf.reportUid()).isNotEqualTo(other.reportUid());
        assertThat(FailureReportParser.looksLikeFailureReport(mail.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }
}
