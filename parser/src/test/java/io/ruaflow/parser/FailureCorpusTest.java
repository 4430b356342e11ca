package io.ruaflow.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every failure report of the shared corpus parses to the values read off the files by hand (the Netease one's
 * feedback part decoded from its base64 by hand): runs only when ../shared exists.
 */
class FailureCorpusTest {
    private record Expected(
            String file,
            FailureReport.Format format,
            String reporter,
            String reportedDomain,
            String sourceIp,
            String arrival,
            String deliveryResult,
            String fromContains,
            String subject,
            String messageId,
            String mailFrom,
            String dkimDomain,
            String spfDomain,
            String warning,
            List<String> personal) {}

    private static final List<Expected> CORPUS = List.of(
            new Expected(
                    "DMARC Failure Report for domain.de (mail-from=sharepoint@domain.de, ip=10.10.10.10).eml",
                    FailureReport.Format.ARF,
                    "domain.de",
                    "domain.de",
                    "10.10.10.10",
                    "2018-10-01T09:20:27Z",
                    "smg-policy-action",
                    "Interaktive Wettbewerber-Übersicht <redacted@domain.de>",
                    "Subject",
                    "<38.E7.30937.BD6E1BB5@mailrelay.de>",
                    "redacted@domain.de",
                    null,
                    "domain.de",
                    null,
                    List.of("sharepoint@", "peter.pan@")),
            new Expected(
                    "[Netease DMARC Failure Report] Rent Reminder.eml",
                    FailureReport.Format.ARF,
                    "163.com",
                    "cardinal.com",
                    "167.89.69.24",
                    "2018-09-28T08:48:42Z",
                    "delivered",
                    "700 on Washington <redacted@cardinal.com>",
                    "Rent Reminder",
                    "<oguVx1AxQayV5Sv2nYK-rA@ismtpd0007p1las1.sendgrid.net>",
                    "redacted@email.entrata.com",
                    "entrata.com",
                    "email.entrata.com",
                    "no Auth-Failure field",
                    List.of("info@cardinal.com", "system@entrata.com", "bounces+")),
            new Expected(
                    "dmarc_ruf_report_linkedin.eml",
                    FailureReport.Format.ARF,
                    "linkedin.com",
                    "example.com",
                    "10.10.10.10",
                    "2019-04-30T02:09:00Z",
                    "delivered",
                    "Sender <redacted@example.com>",
                    "Subject line, could be UTF8 encoded",
                    "<01010101010101010101010101010101@ABAB01MS0016.someserver.loc>",
                    null,
                    null,
                    null,
                    null,
                    List.of("sender@example.com", "recipient@linkedin.com")),
            new Expected(
                    "dmarc_ruf_report_linkedin.crlf.eml",
                    FailureReport.Format.ARF,
                    "linkedin.com",
                    "example.com",
                    "10.10.10.10",
                    "2019-04-30T02:09:00Z",
                    "delivered",
                    "Sender <redacted@example.com>",
                    "Subject line, could be UTF8 encoded",
                    "<01010101010101010101010101010101@ABAB01MS0016.someserver.loc>",
                    null,
                    null,
                    null,
                    null,
                    List.of("sender@example.com", "recipient@linkedin.com")),
            new Expected(
                    "exim_plain_text_only_no_arf_part.eml",
                    FailureReport.Format.TEXT,
                    "node01.mailgate.example.net",
                    "example.com",
                    "203.0.113.68",
                    "2025-04-07T21:16:09Z",
                    "delivered",
                    "<redacted@example.com>",
                    "Payment from your account.",
                    "<134117F8-2145-AECE-9CCA-25FC98731341@example.com>",
                    "redacted@example.com",
                    null,
                    "example.com",
                    "no message/feedback-report part",
                    List.of("user@example.com")));

    private final FailureReportParser parser = new FailureReportParser();

    @TestFactory
    Stream<DynamicTest> everyFailureSampleParsesToItsHandReadValues() throws Exception {
        Path dir = corpusDir();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("every file in %s has a row", dir)
                    .containsExactlyInAnyOrderElementsOf(
                            CORPUS.stream().map(Expected::file).toList());
        }
        return CORPUS.stream().map(e -> DynamicTest.dynamicTest(e.file(), () -> check(dir.resolve(e.file()), e)));
    }

    private void check(Path file, Expected e) throws Exception {
        FailureReport r = parser.parse(ReportInput.ofFile(file));
        assertThat(r.format()).isEqualTo(e.format());
        assertThat(r.reporter()).isEqualTo(e.reporter());
        assertThat(r.feedbackType()).isEqualTo("auth-failure");
        assertThat(r.reportedDomain()).isEqualTo(e.reportedDomain());
        assertThat(r.sourceIp()).isEqualTo(e.sourceIp());
        assertThat(r.arrivalDate()).isEqualTo(Instant.parse(e.arrival()));
        assertThat(r.authFailures()).containsExactly("dmarc");
        assertThat(r.deliveryResult()).isEqualTo(e.deliveryResult());
        assertThat(r.from()).isEqualTo(e.fromContains());
        assertThat(r.subject()).isEqualTo(e.subject());
        assertThat(r.messageId()).isEqualTo(e.messageId());
        assertThat(r.originalMailFrom()).isEqualTo(e.mailFrom());
        assertThat(r.dkimDomain()).isEqualTo(e.dkimDomain());
        assertThat(r.spfDomain()).isEqualTo(e.spfDomain());
        if (e.file().startsWith("[Netease")) {
            assertThat(r.dkimResult()).isEqualTo("pass");
            assertThat(r.spfResult()).isEqualTo("pass");
        }
        assertThat(r.redacted()).isTrue();
        assertThat(r.reportUid()).hasSize(32);
        assertThat(r.source().file()).isEqualTo(file.toString());
        if (e.warning() == null) {
            assertThat(r.warnings()).isEmpty();
        } else {
            assertThat(r.warnings()).anyMatch(w -> w.contains(e.warning()));
        }
        // headers only: the original's header block is kept, its body never
        // message ids are not addresses: never redacted
        assertThat(r.headers())
                .contains(e.messageId().substring(0, e.messageId().indexOf('@') + 1));
        assertThat(r.headers()).doesNotContain("\r").doesNotContain("\n\n");
        assertThat(r.headers())
                .doesNotContain("<html>")
                .doesNotContain("HTML Text")
                .doesNotContain("Alternative");
        for (String personal : e.personal()) {
            assertThat(r.headers() + r.from() + r.to() + r.originalMailFrom() + r.originalRcptTo())
                    .doesNotContain(personal);
        }
        assertThat(r.headers()).contains("redacted@");
    }

    @Test
    void theReportParserRoutesEverySampleToTheFailureReader() throws Exception {
        for (Expected e : CORPUS) {
            Path file = corpusDir().resolve(e.file());
            List<WholeReport> wholes = new java.util.ArrayList<>();
            int n = new ReportParser().parse(ReportInput.ofFile(file), new ReportHandler() {
                @Override
                public void header(ReportHeader header) {}

                @Override
                public void record(ReportRecord record) {}

                @Override
                public void end(ReportHeader header, long records, long messages, List<String> warnings) {}

                @Override
                public void whole(WholeReport report) {
                    wholes.add(report);
                }
            });
            assertThat(n).as(e.file()).isEqualTo(1);
            FailureReport direct = parser.parse(ReportInput.ofFile(file));
            assertThat(wholes).singleElement().isInstanceOfSatisfying(FailureReport.class, r -> {
                assertThat(r.kind()).isEqualTo(ReportKind.FAILURE);
                assertThat(r.reportUid()).isEqualTo(direct.reportUid());
                assertThat(r.reportedDomain()).isEqualTo(e.reportedDomain());
                assertThat(r.sourceIp()).isEqualTo(e.sourceIp());
                assertThat(r.headers()).isEqualTo(direct.headers());
                assertThat(r.source().file()).isEqualTo(file.toString());
            });
        }
    }

    @Test
    void theLfAndCrlfCopiesOfOneReportAreOneReport() throws Exception {
        Path dir = corpusDir();
        FailureReport lf = parser.parse(ReportInput.ofFile(dir.resolve("dmarc_ruf_report_linkedin.eml")));
        FailureReport crlf = parser.parse(ReportInput.ofFile(dir.resolve("dmarc_ruf_report_linkedin.crlf.eml")));
        assertThat(lf.reportUid()).isEqualTo(crlf.reportUid());
        assertThat(lf.headers()).isEqualTo(crlf.headers());
        assertThat(lf.source().sha256()).isNotEqualTo(crlf.source().sha256());
    }

    @Test
    void withoutRedactionTheAddressesAreKept() throws Exception {
        FailureReport r = new FailureReportParser(ParserLimits.defaults(), false)
                .parse(ReportInput.ofFile(corpusDir()
                        .resolve("DMARC Failure Report for domain.de (mail-from=sharepoint@domain.de,"
                                + " ip=10.10.10.10).eml")));
        assertThat(r.redacted()).isFalse();
        assertThat(r.from()).endsWith("<sharepoint@domain.de>");
        assertThat(r.originalRcptTo()).isEqualTo("peter.pan@domain.de");
        assertThat(r.headers()).contains("To: <peter.pan@domain.de>");
    }

    static Path corpusDir() {
        String shared = System.getProperty("ruaflow.shared.dir");
        assumeTrue(shared != null, "ruaflow.shared.dir is not set");
        Path dir = Path.of(shared, "corpus", "failure");
        assumeTrue(Files.isDirectory(dir), "no shared failure corpus at " + dir);
        return dir;
    }
}
