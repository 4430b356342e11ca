package io.ruaflow.parser;

import static io.ruaflow.parser.MailTreeTest.base64;
import static io.ruaflow.parser.MailTreeTest.headers;
import static io.ruaflow.parser.MailTreeTest.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mail tree walk tells each part's kind and hands every report to the handler by kind. */
class ReportKindRoutingTest {
    static final String TLS_JSON =
            """
            {"organization-name":"Google Inc.","date-range":{"start-datetime":"2026-11-30T00:00:00Z",
             "end-datetime":"2026-11-30T23:59:59Z"},"contact-info":"smtp-tls-reporting@google.com",
             "report-id":"2026-11-30T00:00:00Z_example.com","policies":[{"policy":{"policy-type":"sts",
             "policy-string":["version: STSv1","mode: enforce","mx: mx.example.com","max_age: 604800"],
             "policy-domain":"example.com","mx-host":["mx.example.com"]},"summary":{
             "total-successful-session-count":40,"total-failure-session-count":2},"failure-details":[{
             "result-type":"certificate-expired","sending-mta-ip":"209.85.220.41",
             "receiving-mx-hostname":"mx.example.com","receiving-ip":"192.0.2.25","failed-session-count":2}]}]}
            """;

    private final ReportParser parser = new ReportParser();

    @Test
    void googleStyleTlsMailIsReadAsAnSmtpTlsReport() throws Exception {
        String mail = headers("multipart/report; report-type=tlsrpt; boundary=\"b\"")
                + "--b\n" + part("text/plain", null, "7bit", "This is an aggregate TLS report from google.com")
                + "--b\n"
                + part(
                        "application/tlsrpt+gzip",
                        "google.com!example.com!1!2!001.json.gz",
                        "base64",
                        base64(TestReports.gzip(TestReports.utf8(TLS_JSON))))
                + "--b--\n";
        List<WholeReport> reports = parser.parseWhole(input(mail));
        assertThat(reports).hasSize(1);
        TlsReport report = (TlsReport) reports.get(0);
        assertThat(report.kind()).isEqualTo(ReportKind.SMTP_TLS);
        assertThat(report.organizationName()).isEqualTo("Google Inc.");
        assertThat(report.successfulSessions()).isEqualTo(40);
        assertThat(report.failedSessions()).isEqualTo(2);
        assertThat(report.warnings()).isEmpty();
        assertThat(ReportSniffer.mayHoldReport(mail.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }

    @Test
    void aMailWithAnAggregateAndATlsReportYieldsBothEachToItsOwnCall() throws Exception {
        String mail = headers("multipart/mixed; boundary=\"b\"")
                + "--b\n"
                + part(
                        "application/gzip",
                        "a.xml.gz",
                        "base64",
                        base64(TestReports.gzip(TestReports.utf8(TestReports.CLEAN))))
                + "--b\n" + part("application/tlsrpt+json", "t.json", "7bit", TLS_JSON)
                + "--b--\n";
        List<String> calls = new ArrayList<>();
        int n = parser.parse(input(mail), new CollectingHandler(new ArrayList<>()) {
            @Override
            public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
                calls.add("aggregate " + header.reportId());
            }

            @Override
            public void whole(WholeReport report) {
                calls.add(report.kind().id() + " " + ((TlsReport) report).reportId());
            }
        });
        assertThat(n).isEqualTo(2);
        assertThat(calls).containsExactly("aggregate r-1", "smtp_tls 2026-11-30T00:00:00Z_example.com");
    }

    @Test
    void aHandlerForAggregatesOnlyRefusesATlsReportLoudly() {
        ReportHandler aggregatesOnly = new CollectingHandler(new ArrayList<>());
        assertThatThrownBy(
                        () -> parser.parse(ReportInput.ofBytes("t.json", TestReports.utf8(TLS_JSON)), aggregatesOnly))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SMTP TLS report");
    }

    @Test
    void jsonOfAnotherKindBesideAReportIsSkippedAndAloneIsRefusedByName() throws Exception {
        String other = "{\"status\": \"ok\", \"items\": [1, 2]}";
        assertThat(ReportSniffer.sniff(TestReports.utf8(other), other.length())).isEqualTo(PartContent.JSON);
        assertThat(ReportSniffer.sniff(TestReports.utf8(TLS_JSON), TLS_JSON.length()))
                .isEqualTo(PartContent.TLS_REPORT);
        String mail = headers("multipart/mixed; boundary=\"b\"")
                + "--b\n" + part("application/json", "other.json", "7bit", other)
                + "--b\n" + part("application/tlsrpt+json", "t.json", "7bit", TLS_JSON)
                + "--b--\n";
        assertThat(parser.parseWhole(input(mail))).hasSize(1);
        assertThatThrownBy(() -> parser.parseWhole(ReportInput.ofBytes("other.json", TestReports.utf8(other))))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("other.json")
                .hasMessageContaining("JSON that is not an SMTP TLS report");
    }

    @Test
    void failureReportsAreToldByTheirMimeStructure() {
        assertThat(ReportSniffer.kindOfMime("multipart/report; report-type=feedback-report; boundary=x", List.of()))
                .isEqualTo(ReportKind.FAILURE);
        assertThat(ReportSniffer.kindOfMime("multipart/report; report-type=\"feedback-report\"; boundary=x", List.of()))
                .isEqualTo(ReportKind.FAILURE);
        assertThat(ReportSniffer.kindOfMime(
                        "multipart/mixed; boundary=x", List.of("text/plain", "message/feedback-report")))
                .isEqualTo(ReportKind.FAILURE);
        assertThat(ReportSniffer.kindOfMime("multipart/report; report-type=tlsrpt", List.of("text/plain")))
                .isNull();
        assertThat(ReportSniffer.kindOfMime("application/tlsrpt+gzip; name=x.json.gz", List.of()))
                .isEqualTo(ReportKind.SMTP_TLS);
        assertThat(ReportSniffer.kindOfMime("multipart/mixed; boundary=x", List.of("text/plain")))
                .isNull();
    }

    @Test
    void aMailWithNoReportOfAnyKindIsStillRefused() {
        String mail = headers("multipart/mixed; boundary=\"b\"")
                + "--b\n" + part("text/plain", null, "7bit", "hello")
                + "--b\n" + part("application/json", "x.json", "7bit", "{\"hello\": 1}")
                + "--b--\n";
        assertThatThrownBy(() -> parser.parseWhole(input(mail)))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("no DMARC aggregate, SMTP TLS or failure report found in 2 parts");
    }

    private static ReportInput input(String mail) {
        return ReportInput.ofBytes("m.eml", mail.getBytes(StandardCharsets.UTF_8));
    }
}
