package io.ruaflow.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.parser.Report;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportSchema;
import io.ruaflow.parser.ReportSniffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every reporter's mail, in its real shape, is read by the parser to its one report. */
class ProviderShapesTest {
    private static final SampleOptions OPTIONS =
            new SampleOptions(200, 5, 2, LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 15));
    private static final SampleGenerator GENERATOR = SampleGenerator.fromSeed(21, OPTIONS);

    private static SampleReport mailOf(ReporterStyle style) {
        return GENERATOR.reports().stream()
                .filter(r -> r.reporter() == style)
                .findFirst()
                .orElseThrow()
                .withPackaging(Packaging.EML);
    }

    @ParameterizedTest
    @EnumSource(ReporterStyle.class)
    void everyReportersMailParsesToItsOneReport(ReporterStyle style) throws Exception {
        SampleReport sample = mailOf(style);
        byte[] mail = GENERATOR.bytes(sample);
        assertThat(ReportSniffer.mayHoldReport(mail)).isTrue();
        List<Report> reports = new ReportParser().parseAll(ReportInput.ofBytes(sample.fileName(), mail));
        assertThat(reports).singleElement().satisfies(report -> {
            assertThat(report.header().orgName()).isEqualTo(style.orgName());
            assertThat(sample.reportId()).startsWith(report.header().reportId());
            assertThat(report.header().policyPublished().domain())
                    .isEqualTo(sample.policy().domain());
            assertThat(report.records()).hasSize(sample.recordCount());
            assertThat(report.header().schema())
                    .isEqualTo(
                            style.rfc9990()
                                    ? ReportSchema.RFC9990
                                    : style == ReporterStyle.YAHOO || style == ReporterStyle.AOL
                                            ? ReportSchema.DRAFT
                                            : ReportSchema.RFC7489);
        });
    }

    @Test
    void microsoftMailNestsAnHtmlNoteBesideTheGzip() {
        String mail = new String(GENERATOR.bytes(mailOf(ReporterStyle.MICROSOFT)), StandardCharsets.US_ASCII);
        assertThat(mail)
                .contains("Content-Type: multipart/mixed")
                .contains("Content-Type: multipart/related")
                .contains("Content-Type: multipart/alternative")
                .contains("Content-Type: text/html")
                .contains("This is a DMARC aggregate report from Microsoft Corporation")
                .containsPattern("Content-Type: application/gzip; name=\"enterprise\\.protection\\.outlook\\.com![^\"]+"
                        + "\\.xml\\.gz\"");
    }

    @Test
    void mimecastGzipNamesItsFileAndHasTrailingBytes() throws Exception {
        SampleReport sample = mailOf(ReporterStyle.MIMECAST);
        Report report = new ReportParser()
                .parseAll(ReportInput.ofBytes("m.eml", GENERATOR.bytes(sample)))
                .get(0);
        assertThat(report.warnings()).contains("2 bytes after the end of the gzip stream were ignored");
        String mail = new String(GENERATOR.bytes(sample), StandardCharsets.US_ASCII);
        assertThat(mail).doesNotContain("multipart").contains("Content-Type: application/gzip");
    }

    @Test
    void gmxPrefixesTheRfc9990Namespace() throws Exception {
        SampleReport sample = mailOf(ReporterStyle.GMX).withPackaging(Packaging.XML);
        String xml = new String(GENERATOR.bytes(sample), StandardCharsets.UTF_8);
        assertThat(xml).contains("<ns0:feedback xmlns:ns0=\"urn:ietf:params:xml:ns:dmarc-2.0\">");
        assertThat(xml).contains("<ns0:record>").doesNotContain("<record>");
    }

    @Test
    void ciscoReportIdsCarryTheApplianceHost() throws Exception {
        SampleReport sample = mailOf(ReporterStyle.CISCO_ESA);
        assertThat(sample.reportId()).matches("[0-9a-f]{6}\\$[0-9a-f]{7}=[0-9a-f]{16}@esa1\\.example\\.iphmx\\.com");
        Report report = new ReportParser()
                .parseAll(ReportInput.ofBytes("c.eml", GENERATOR.bytes(sample)))
                .get(0);
        assertThat(report.header().reportId()).doesNotContain("@");
        assertThat(report.warnings()).anyMatch(w -> w.contains("carried @host"));
    }

    @Test
    void googleSendsTheZipAsTheWholeMailAndFastmailNamesTheReportId() {
        String google = new String(GENERATOR.bytes(mailOf(ReporterStyle.GOOGLE)), StandardCharsets.US_ASCII);
        assertThat(google).doesNotContain("multipart").contains("Content-Type: application/zip");
        SampleReport fastmail = mailOf(ReporterStyle.FASTMAIL);
        assertThat(fastmail.fileName()).endsWith("!" + fastmail.reportId() + ".eml");
    }
}
