package io.ruaflow.parser;

import static io.ruaflow.parser.TestReports.gzip;
import static io.ruaflow.parser.TestReports.utf8;
import static io.ruaflow.parser.TestReports.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A mail is a tree of parts: every leaf and attached mail is a candidate, non-reports are skipped. */
class MailTreeTest {
    private static final String HTML_NOTE = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=us-ascii\">"
            + "<div style=\"font-family:Segoe UI; font-size:14px;\">This is a DMARC aggregate report from Microsoft"
            + " Corporation. For Emails received between 2026-11-26 00:00:00 UTC to 2026-11-27 00:00:00 UTC.</div>";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H'};

    private final ReportParser parser = new ReportParser();

    @Test
    void microsoftShapedMailParsesToItsOneReport() throws Exception {
        String mail = headers("multipart/mixed; boundary=\"_m_\"")
                + "--_m_\n"
                + "Content-Type: multipart/related; boundary=\"_r_\"; type=\"multipart/alternative\"\n\n"
                + "--_r_\n"
                + "Content-Type: multipart/alternative; boundary=\"_a_\"\n\n"
                + "--_a_\n"
                + part("text/html; charset=\"us-ascii\"", null, "quoted-printable", HTML_NOTE.replace("=", "=3D"))
                + "--_a_--\n\n"
                + "--_r_--\n\n"
                + "--_m_\n"
                + part(
                        "application/gzip",
                        "enterprise.protection.outlook.com!example.com!1700000000!1700086399.xml.gz",
                        "base64",
                        base64(gzip(utf8(TestReports.CLEAN))))
                + "--_m_--\n";
        List<Report> reports = parse(mail);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.header().reportId()).isEqualTo("r-1");
            assertThat(r.records()).hasSize(1);
            assertThat(r.warnings()).isEmpty();
        });
    }

    @Test
    void htmlBodyPlusXmlAttachmentParses() throws Exception {
        String mail = headers("multipart/mixed; boundary=\"b\"")
                + "--b\n"
                + part("text/html", null, "7bit", "<html><body><p>Your report is attached.</p></body></html>")
                + "--b\n"
                + part("text/xml", "example.net!example.com!1700000000!1700086399.xml", "7bit", TestReports.CLEAN)
                + "--b--\n";
        assertThat(parse(mail)).singleElement().satisfies(r -> assertThat(r.messageCount())
                .isEqualTo(3));
    }

    @Test
    void mailWithTwoReportAttachmentsYieldsTwoReports() throws Exception {
        String second = TestReports.clean("<report_id>r-1</report_id>", "<report_id>r-2</report_id>");
        String mail = headers("multipart/mixed; boundary=\"b\"")
                + "--b\n"
                + part("text/html", null, "7bit", "<p>Two reports are attached.</p>")
                + "--b\n"
                + part("application/gzip", "one.xml.gz", "base64", base64(gzip(utf8(TestReports.CLEAN))))
                + "--b\n"
                + part("application/zip", "two.zip", "base64", base64(zip("two.xml", utf8(second))))
                + "--b--\n";
        assertThat(parse(mail)).extracting(r -> r.header().reportId()).containsExactly("r-1", "r-2");
    }

    @Test
    void attachedMailIsACandidateToo() throws Exception {
        String inner = headers("application/gzip")
                        .replace(
                                "Content-Type: application/gzip\n",
                                "Content-Type: application/gzip\n" + "Content-Transfer-Encoding: base64\n")
                + base64(gzip(utf8(TestReports.CLEAN)));
        String mail = headers("multipart/mixed; boundary=\"b\"")
                + "--b\n"
                + part("text/plain", null, "7bit", "Forwarded report.")
                + "--b\n"
                + part("message/rfc822", null, "7bit", inner)
                + "--b--\n";
        assertThat(parse(mail))
                .singleElement()
                .satisfies(r -> assertThat(r.header().reportId()).isEqualTo("r-1"));
    }

    @Test
    void mailWithOnlyAnHtmlBodyAndAPngIsRefusedListingItsParts() {
        String mail = headers("multipart/mixed; boundary=\"b\"")
                + "--b\n"
                + part("text/html", null, "7bit", HTML_NOTE)
                + "--b\n"
                + part("image/png", "logo.png", "base64", base64(PNG))
                + "--b\n"
                + part("application/xml", "other.xml", "7bit", "<?xml version=\"1.0\"?><invoice><n>1</n></invoice>")
                + "--b--\n";
        assertThatThrownBy(() -> parse(mail))
                .isInstanceOf(ReportRejectedException.class)
                .satisfies(e -> assertThat(((ReportRejectedException) e).reason())
                        .startsWith("no DMARC aggregate, SMTP TLS or failure report found in 3 parts")
                        .contains("mail part text/html: an HTML document")
                        .contains("mail part image/png (logo.png): an image")
                        .contains("mail part application/xml (other.xml): XML that is not a DMARC report"));
    }

    @Test
    void xmlWhoseRootIsNotFeedbackIsSkippedBesideAReport() throws Exception {
        String mail = headers("multipart/mixed; boundary=\"b\"")
                + "--b\n"
                + part(
                        "application/xml",
                        "a.xml",
                        "7bit",
                        "<?xml version=\"1.0\"?>\n<!-- long comment -->\n" + "<x:envelope xmlns:x=\"urn:x\">"
                                + "y".repeat(2000) + "</x:envelope>")
                + "--b\n"
                + part("text/xml", "r.xml", "7bit", TestReports.CLEAN)
                + "--b--\n";
        assertThat(parse(mail)).hasSize(1);
    }

    @Test
    void aBrokenReportBesideAGoodOneStillRefusesTheInput() {
        byte[] truncated = gzip(utf8(TestReports.CLEAN));
        truncated = java.util.Arrays.copyOf(truncated, truncated.length / 2);
        String mail = headers("multipart/mixed; boundary=\"b\"")
                + "--b\n"
                + part("application/gzip", "broken.xml.gz", "base64", base64(truncated))
                + "--b--\n";
        assertThatThrownBy(() -> parse(mail)).isInstanceOf(ReportRejectedException.class);
    }

    private List<Report> parse(String mail) throws Exception {
        return parser.parseAll(ReportInput.ofBytes("m.eml", mail.getBytes(StandardCharsets.UTF_8)));
    }

    static String headers(String contentType) {
        return "From: DMARC Aggregate Report <dmarcreport@microsoft.com>\n"
                + "To: dmarc@example.com\n"
                + "Subject: Report Domain: example.com Submitter: enterprise.protection.outlook.com Report-ID: r-1\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: " + contentType + "\n\n";
    }

    static String part(String type, String fileName, String encoding, String body) {
        return "Content-Type: " + type + (fileName == null ? "" : "; name=\"" + fileName + "\"") + "\n"
                + (fileName == null ? "" : "Content-Disposition: attachment; filename=\"" + fileName + "\"\n")
                + "Content-Transfer-Encoding: " + encoding + "\n\n"
                + body + "\n";
    }

    static String base64(byte[] bytes) {
        return Base64.getMimeEncoder().encodeToString(bytes);
    }
}
