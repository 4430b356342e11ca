package io.ruaflow.parser;

import static io.ruaflow.parser.TestReports.concat;
import static io.ruaflow.parser.TestReports.gzip;
import static io.ruaflow.parser.TestReports.utf8;
import static io.ruaflow.parser.TestReports.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports arrive as XML, gzip, zip or mail in any combination; the bytes decide, never names or declared types. */
class PackagingTest {
    private final ReportParser parser = new ReportParser();

    private List<Report> parse(String name, byte[] bytes) throws Exception {
        return parser.parseAll(ReportInput.ofBytes(name, bytes));
    }

    private static String mail(String contentType, String encoding, String body) {
        return ("From: noreply-dmarc-support@google.com\n"
                        + "To: dmarc@example.com\n"
                        + "Subject: Report domain: example.com Submitter: example.net Report-ID: r-1\n"
                        + "MIME-Version: 1.0\n"
                        + "Content-Type: multipart/mixed; boundary=\"XyZ\"\n"
                        + "\n"
                        + "--XyZ\n"
                        + "Content-Type: text/plain; charset=us-ascii\n"
                        + "\n"
                        + "This is an aggregate report from example.net.\n"
                        + "--XyZ\n"
                        + "Content-Type: " + contentType + "\n"
                        + "Content-Transfer-Encoding: " + encoding + "\n"
                        + "Content-Disposition: attachment; filename=\"example.net!example.com!1700000000!1700086399.xml.gz\"\n"
                        + "\n"
                        + body + "\n"
                        + "--XyZ--\n")
                .replace("\n", "\r\n");
    }

    private static String base64(byte[] bytes) {
        return Base64.getMimeEncoder().encodeToString(bytes);
    }

    @Test
    void rawXmlCarriesTheSha256OfTheRawBytes() throws Exception {
        byte[] bytes = utf8(TestReports.CLEAN);
        Report report = parse("r.xml", bytes).get(0);
        assertThat(report.header().source()).isEqualTo(new ReportSource("r.xml", ReportUid.sha256Hex(bytes)));
    }

    @Test
    void gzipWithTrailingBytesIsRead() throws Exception {
        byte[] bytes = concat(gzip(utf8(TestReports.CLEAN)), "\r\n".getBytes(StandardCharsets.US_ASCII));
        Report report = parse("r.xml.gz", bytes).get(0);
        assertThat(report.records()).hasSize(1);
        assertThat(report.warnings()).containsExactly("2 bytes after the end of the gzip stream were ignored");
    }

    @Test
    void zipHoldingXmlGzIsRead() throws Exception {
        byte[] bytes = zip("report.xml.gz", gzip(utf8(TestReports.CLEAN)));
        assertThat(parse("r.zip", bytes)).singleElement().satisfies(r -> assertThat(r.records())
                .hasSize(1));
    }

    @Test
    void zipWithSeveralReportsGivesEachInOrderAndSkipsOtherEntries() throws Exception {
        byte[] bytes = zip(
                List.of("a.xml", "readme.txt", "b.xml"),
                List.of(
                        utf8(TestReports.CLEAN),
                        utf8("not a report"),
                        utf8(TestReports.clean("<report_id>r-1</report_id>", "<report_id>r-2</report_id>"))));
        List<Report> reports = parse("two.zip", bytes);
        assertThat(reports).extracting(r -> r.header().reportId()).containsExactly("r-1", "r-2");
        assertThat(reports.get(0).header().reportUid())
                .isNotEqualTo(reports.get(1).header().reportUid());
    }

    @Test
    void namesAreOnlyHints() throws Exception {
        assertThat(parse("report.zip", gzip(utf8(TestReports.CLEAN)))).hasSize(1);
        assertThat(parse("report.xml.gz", utf8(TestReports.CLEAN))).hasSize(1);
    }

    @Test
    void mailWithGzipAttachmentIsRead() throws Exception {
        String mail = mail("application/gzip", "base64", base64(gzip(utf8(TestReports.CLEAN))));
        Report report = parse("r.eml", mail.getBytes(StandardCharsets.US_ASCII)).get(0);
        assertThat(report.records()).hasSize(1);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void mailWhoseDeclaredTypeLiesIsReadWithWarning() throws Exception {
        String mail = mail("application/octet-stream", "base64", base64(zip("r.xml", utf8(TestReports.CLEAN))));
        Report report = parse("r.eml", mail.getBytes(StandardCharsets.US_ASCII)).get(0);
        assertThat(report.records()).hasSize(1);
        assertThat(report.warnings())
                .anyMatch(w -> w.contains("declared as application/octet-stream but holds a zip archive"));
    }

    @Test
    void mailWithInlineQuotedPrintableXmlIsRead() throws Exception {
        String qp = TestReports.CLEAN.replace("=", "=3D").replace("\n", "=\n");
        String mail = mail("text/plain", "quoted-printable", qp);
        Report report = parse("r.eml", mail.getBytes(StandardCharsets.US_ASCII)).get(0);
        assertThat(report.header().reportId()).isEqualTo("r-1");
        assertThat(report.warnings()).anyMatch(w -> w.contains("declared as text/plain but holds XML"));
    }

    @Test
    void mailWithMistypedTransferEncodingIsDecodedFromBase64() throws Exception {
        String mail = mail("application/gzip", "base-64", base64(gzip(utf8(TestReports.CLEAN))));
        Report report = parse("r.eml", mail.getBytes(StandardCharsets.US_ASCII)).get(0);
        assertThat(report.records()).hasSize(1);
        assertThat(report.warnings()).anyMatch(w -> w.contains("base64 text it does not declare"));
    }

    @Test
    void singlePartMailWithReportAsBodyIsRead() throws Exception {
        String mail = ("From: a@example.net\nTo: b@example.com\nSubject: report\nMIME-Version: 1.0\n"
                        + "Content-Type: application/zip\nContent-Transfer-Encoding: base64\n\n"
                        + base64(zip("r.xml", utf8(TestReports.CLEAN))) + "\n")
                .replace("\n", "\r\n");
        assertThat(parse("r.eml", mail.getBytes(StandardCharsets.US_ASCII))).hasSize(1);
    }

    @Test
    void forwardedMailIsReadInside() throws Exception {
        String inner = mail("application/gzip", "base64", base64(gzip(utf8(TestReports.CLEAN))));
        String outer = ("From: admin@example.com\nTo: dmarc@example.com\nSubject: Fwd: report\nMIME-Version: 1.0\n"
                                + "Content-Type: multipart/mixed; boundary=\"outer\"\n\n--outer\nContent-Type: text/plain\n\n"
                                + "see attached\n--outer\nContent-Type: message/rfc822\n\n")
                        .replace("\n", "\r\n")
                + inner
                + "\r\n--outer--\r\n";
        assertThat(parse("fwd.eml", outer.getBytes(StandardCharsets.US_ASCII))).hasSize(1);
    }

    @Test
    void mboxFromLineBeforeHeadersIsSkipped() throws Exception {
        String mail = "From noreply@example.net Thu Jan  1 00:00:00 2026\r\n"
                + mail("application/gzip", "base64", base64(gzip(utf8(TestReports.CLEAN))));
        assertThat(parse("r.mbox", mail.getBytes(StandardCharsets.US_ASCII))).hasSize(1);
    }

    @Test
    void oneSharedParserServesManyThreads() throws Exception {
        byte[] gz = gzip(utf8(TestReports.CLEAN));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Report>>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] bytes = i % 2 == 0 ? gz : utf8(TestReports.CLEAN);
                futures.add(pool.submit(() -> parser.parseAll(ReportInput.ofBytes("r", bytes))));
            }
            for (Future<List<Report>> future : futures) {
                assertThat(future.get()).singleElement().satisfies(r -> assertThat(r.records())
                        .hasSize(1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKnownSha256IsUsedAndAnythingElseIsComputed() throws Exception {
        byte[] bytes = gzip(utf8(TestReports.CLEAN));
        String real = ReportUid.sha256Hex(bytes);
        String known = "ab".repeat(32); // what the publisher said; the parser does not hash the bytes again
        assertThat(parser.parseAll(ReportInput.ofBytes("r.xml.gz", bytes).withSha256(known))
                        .get(0)
                        .header()
                        .source()
                        .sha256())
                .isEqualTo(known);
        for (String notAHash : new String[] {null, "", "AB".repeat(32), "ab".repeat(31), "zz".repeat(32)}) {
            assertThat(parser.parseAll(ReportInput.ofBytes("r.xml.gz", bytes).withSha256(notAHash))
                            .get(0)
                            .header()
                            .source()
                            .sha256())
                    .as(String.valueOf(notAHash))
                    .isEqualTo(real);
        }
    }

    @Test
    void theSha256IsOfTheWholeInputInMemoryOrOnDisk(@TempDir Path dir) throws Exception {
        // Sizes around the hashing piece (64 KiB): less than one, exactly one, one and a bit, several.
        for (int padding : new int[] {0, 65_536, 65_536 * 2 - 1, 65_536 * 3 + 17}) {
            byte[] bytes = utf8(TestReports.CLEAN + " ".repeat(padding));
            String real = ReportUid.sha256Hex(bytes);
            Path file = Files.write(dir.resolve("r" + padding + ".xml"), bytes);
            assertThat(parser.parseAll(ReportInput.ofBytes("r.xml", bytes))
                            .get(0)
                            .header()
                            .source()
                            .sha256())
                    .as("in memory, %d bytes", bytes.length)
                    .isEqualTo(real);
            assertThat(parser.parseAll(ReportInput.ofFile(file))
                            .get(0)
                            .header()
                            .source()
                            .sha256())
                    .as("on disk, %d bytes", bytes.length)
                    .isEqualTo(real);
        }
    }
}
