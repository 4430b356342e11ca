package io.ruaflow.parser;

import static io.ruaflow.parser.TestReports.gzip;
import static io.ruaflow.parser.TestReports.utf8;
import static io.ruaflow.parser.TestReports.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one sniffer: what the first bytes hold, names and declared types never consulted. */
class ReportSnifferTest {
    static Stream<Arguments> contents() {
        return Stream.of(
                Arguments.of("empty", new byte[0], PartContent.EMPTY),
                Arguments.of("gzip", gzip(utf8("x")), PartContent.GZIP),
                Arguments.of("zip", zip("a.xml", utf8("x")), PartContent.ZIP),
                Arguments.of("empty zip", new byte[] {'P', 'K', 5, 6, 0, 0}, PartContent.EMPTY_ZIP),
                Arguments.of("report", utf8(TestReports.CLEAN), PartContent.AGGREGATE_REPORT),
                Arguments.of(
                        "RFC 9990 prefixed",
                        utf8("<ns0:feedback xmlns:ns0=\"urn:ietf:params:xml:ns:dmarc-2.0\">"),
                        PartContent.AGGREGATE_REPORT),
                Arguments.of("BOM and comment", utf8("\uFEFF  <!-- c --><feedback>"), PartContent.AGGREGATE_REPORT),
                Arguments.of("stray schema tag", utf8("<xs:schema xmlns:xs=\"x\"><feedback>"), PartContent.XML),
                Arguments.of("root cut off", utf8("<?xml version=\"1.0\"?><feedb"), PartContent.XML),
                Arguments.of("hostile DOCTYPE", utf8("<!DOCTYPE feedback [<!ENTITY x \"y\">]>"), PartContent.XML),
                Arguments.of("other XML", utf8("<?xml version=\"1.0\"?><invoice/>"), PartContent.OTHER_XML),
                Arguments.of("HTML doctype", utf8("<!DOCTYPE html><html>"), PartContent.HTML),
                Arguments.of("HTML meta", utf8("<meta http-equiv=\"x\"><div>hi</div>"), PartContent.HTML),
                Arguments.of("mail", utf8("From: a@example.net\nSubject: x\n\nbody"), PartContent.MAIL),
                Arguments.of("mbox", utf8("From a@example.net Mon Jan 1 00:00:00 2026\n"), PartContent.MAIL),
                Arguments.of("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10}, PartContent.IMAGE),
                Arguments.of("jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}, PartContent.IMAGE),
                Arguments.of("pdf", utf8("%PDF-1.7\n"), PartContent.PDF),
                Arguments.of("text", utf8("This is a DMARC report. Thank you."), PartContent.TEXT),
                Arguments.of("noise", new byte[] {0, 1, 2, 3, (byte) 0xFF}, PartContent.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contents")
    void sniffsWhatTheBytesHold(String name, byte[] bytes, PartContent expected) {
        assertThat(ReportSniffer.sniff(bytes, bytes.length)).isEqualTo(expected);
    }

    static Stream<Arguments> mails() {
        String gz = MailTreeTest.base64(gzip(utf8(TestReports.CLEAN)));
        return Stream.of(
                Arguments.of(
                        "gzip attached as octet-stream without a name",
                        MailTreeTest.headers("multipart/mixed; boundary=b") + "--b\n"
                                + MailTreeTest.part("text/html", null, "7bit", "<p>hi</p>")
                                + "--b\n" + MailTreeTest.part("application/octet-stream", null, "base64", gz)
                                + "--b--\n",
                        true),
                Arguments.of(
                        "html and an image",
                        MailTreeTest.headers("multipart/mixed; boundary=b") + "--b\n"
                                + MailTreeTest.part("text/html", "report.xml", "7bit", "<p>hi</p>")
                                + "--b\n" + MailTreeTest.part("image/png", "report.xml.gz", "base64", "iVBORw0KGgo=")
                                + "--b--\n",
                        false),
                Arguments.of(
                        "plain newsletter",
                        MailTreeTest.headers("text/plain") + "Hello, our offers this week.\n",
                        false),
                Arguments.of("bare gzip", "", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mails")
    void mayHoldReportLooksAtEveryPartsBytes(String name, String mail, boolean expected) {
        byte[] raw = mail.isEmpty() ? gzip(utf8(TestReports.CLEAN)) : utf8(mail);
        assertThat(ReportSniffer.mayHoldReport(raw)).isEqualTo(expected);
    }
}
