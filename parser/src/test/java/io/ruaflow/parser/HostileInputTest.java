package io.ruaflow.parser;

import static io.ruaflow.parser.TestReports.gzip;
import static io.ruaflow.parser.TestReports.utf8;
import static io.ruaflow.parser.TestReports.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Input from anyone on the internet: refused or bounded with a clear reason, never an OOM or a hang. */
class HostileInputTest {
    private final ReportParser parser = new ReportParser();

    private ReportRejectedException rejection(String name, byte[] bytes) {
        List<ReportHeader> seen = new ArrayList<>();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> parser.parse(ReportInput.ofBytes(name, bytes), new CollectingHandler(seen)));
        assertThat(thrown).isInstanceOf(ReportRejectedException.class);
        ReportRejectedException e = (ReportRejectedException) thrown;
        assertThat(e.file()).isEqualTo(name);
        assertThat(e.getMessage()).startsWith(name + ": ");
        return e;
    }

    @Test
    void externalEntityIsRefused() {
        String xxe = TestReports.CLEAN
                .replace("<feedback>", "<!DOCTYPE feedback [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<feedback>")
                .replace("<org_name>example.net</org_name>", "<org_name>&xxe;</org_name>");
        ReportRejectedException e = rejection("xxe.xml", utf8(xxe));
        assertThat(e.reason()).contains("DOCTYPE").doesNotContain("root:");
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            dtd.append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10));
            dtd.append("\">");
        }
        dtd.append("]>\n");
        String bomb = TestReports.CLEAN
                .replace("<feedback>", dtd + "<feedback>")
                .replace("<org_name>example.net</org_name>", "<org_name>&lol9;</org_name>");
        ReportRejectedException e = rejection("lolz.xml", utf8(bomb));
        assertThat(e.reason()).contains("DOCTYPE");
    }

    @Test
    void zipBombOfTenGibibytesOfZerosIsStoppedByTheDecompressedLimit() {
        byte[] bomb = zipOfZeros(10L << 30);
        assertThat(bomb.length).isLessThan(20 << 20);
        ReportRejectedException e = rejection("bomb.zip", bomb);
        assertThat(e).isInstanceOf(ReportLimitExceededException.class);
        assertThat(((ReportLimitExceededException) e).limit()).isEqualTo("MAX_DECOMPRESSED_BYTES");
        assertThat(e.reason()).contains("MAX_DECOMPRESSED_BYTES=" + ParserLimits.MAX_DECOMPRESSED_BYTES);
    }

    @Test
    void gzipBombIsStoppedByTheDecompressedLimit() {
        ReportParser small = new ReportParser(ParserLimits.defaults().withMaxDecompressedBytes(1 << 20));
        byte[] bomb = gzip(TestReports.concat(utf8(TestReports.CLEAN.replace("</feedback>", "")), new byte[8 << 20]));
        assertThatThrownBy(() -> small.parseAll(ReportInput.ofBytes("bomb.xml.gz", bomb)))
                .isInstanceOf(ReportLimitExceededException.class)
                .hasMessageContaining("(fixed limit MAX_DECOMPRESSED_BYTES=1048576, no setting raises it)");
    }

    @Test
    void archivesNestedTenDeepAreRejected() {
        byte[] nested = utf8(TestReports.CLEAN);
        for (int i = 0; i < 10; i++) {
            nested = i % 2 == 0 ? gzip(nested) : zip("level" + i + ".bin", nested);
        }
        ReportRejectedException e = rejection("nested.zip", nested);
        assertThat(e.reason()).contains("MAX_ARCHIVE_DEPTH=" + ParserLimits.MAX_ARCHIVE_DEPTH);
    }

    @Test
    void archivesNestedWithinTheLimitAreRead() throws Exception {
        byte[] nested = gzip(zip("report.xml.gz", gzip(utf8(TestReports.CLEAN))));
        assertThat(parser.parseAll(ReportInput.ofBytes("nested.gz", nested))).hasSize(1);
    }

    @Test
    void truncatedGzipIsRejected() {
        byte[] whole = gzip(utf8(
                TestReports.CLEAN.repeat(1).replace("</feedback>", "<!-- padding -->".repeat(500) + "</feedback>")));
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        ReportRejectedException e = rejection("cut.xml.gz", truncated);
        assertThat(e.reason()).containsAnyOf("truncated", "Truncated", "end of");
    }

    @Test
    void truncatedXmlIsRejected() {
        String xml = TestReports.CLEAN.substring(0, TestReports.CLEAN.indexOf("<auth_results>"));
        ReportRejectedException e = rejection("cut.xml", utf8(xml));
        assertThat(e.reason()).contains("malformed XML");
    }

    @Test
    void emptyInputIsRejected() {
        assertThat(rejection("empty.xml", new byte[0]).reason()).isEqualTo("empty input (0 bytes)");
    }

    @Test
    void mailWithoutReportIsRejected() {
        String mail =
                """
                From: someone@example.net
                To: dmarc@example.com
                Subject: hello
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: text/plain

                Just saying hello, no report here.
                --b1
                Content-Type: application/pdf
                Content-Transfer-Encoding: base64

                JVBERi0xLjQK
                --b1--
                """
                        .replace("\n", "\r\n");
        ReportRejectedException e = rejection("hello.eml", mail.getBytes(StandardCharsets.US_ASCII));
        assertThat(e.reason())
                .startsWith("no DMARC aggregate, SMTP TLS or failure report found")
                .contains("text/plain");
    }

    @Test
    void mailWithTooManyPartsOrBytesIsRejected() {
        StringBuilder mail = new StringBuilder(
                "From: a@example.net\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < 10; i++) {
            mail.append("--b\r\nContent-Type: text/plain\r\n\r\npart ")
                    .append(i)
                    .append("\r\n");
        }
        mail.append("--b--\r\n");
        ReportInput input = ReportInput.ofBytes("parts.eml", mail.toString().getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new ReportParser(ParserLimits.defaults().withMaxMimeParts(5)).parseAll(input))
                .isInstanceOf(ReportLimitExceededException.class)
                .hasMessageContaining("MAX_MIME_PARTS=5");
        assertThatThrownBy(() -> new ReportParser(ParserLimits.defaults().withMaxMailBytes(100)).parseAll(input))
                .isInstanceOf(ReportLimitExceededException.class)
                .hasMessageContaining("MAX_MAIL_BYTES=100");
    }

    @Test
    void arbitraryBinaryIsRejected() {
        assertThat(rejection("noise.bin", new byte[] {0, 1, 2, 3, (byte) 0xFF}).reason())
                .contains("neither XML, gzip, zip nor a mail");
    }

    @Test
    void otherXmlIsRejected() {
        assertThat(rejection("html.xml", utf8("<html><body>hi</body></html>")).reason())
                .contains("not a DMARC aggregate, SMTP TLS or failure report");
    }

    @Test
    void tooManyZipEntriesAreRejected() {
        ReportParser strict = new ReportParser(ParserLimits.defaults().withMaxArchiveEntries(3));
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            names.add("r" + i + ".xml");
            contents.add(utf8(TestReports.CLEAN));
        }
        assertThatThrownBy(() -> strict.parseAll(ReportInput.ofBytes("many.zip", zip(names, contents))))
                .isInstanceOf(ReportLimitExceededException.class)
                .hasMessageContaining("MAX_ARCHIVE_ENTRIES=3");
    }

    @Test
    void deepXmlIsRejected() {
        String deep = "<x>".repeat(200) + "</x>".repeat(200);
        String xml = TestReports.CLEAN.replace("<count>3</count>", "<count>3</count>" + deep);
        ReportRejectedException e = rejection("deep.xml", utf8(xml));
        assertThat(e.reason()).contains("MAX_XML_DEPTH=" + ParserLimits.MAX_XML_DEPTH);
    }

    @Test
    void tooManyRecordsAreRejected() {
        ReportParser strict = new ReportParser(ParserLimits.defaults().withMaxRecords(1));
        String record = TestReports.CLEAN.substring(
                TestReports.CLEAN.indexOf("  <record>"), TestReports.CLEAN.indexOf("</feedback>"));
        String xml = TestReports.CLEAN.replace(record, record.repeat(2));
        assertThatThrownBy(() -> strict.parseAll(ReportInput.ofBytes("two.xml", utf8(xml))))
                .isInstanceOf(ReportLimitExceededException.class)
                .hasMessageContaining("MAX_RECORDS=1");
    }

    @Test
    void handlerExceptionsPropagateUnchanged() {
        IllegalStateException boom = new IllegalStateException("store is down");
        ReportHandler failing = new CollectingHandler(new ArrayList<>()) {
            @Override
            public void record(ReportRecord record) {
                throw boom;
            }
        };
        assertThatThrownBy(() -> parser.parse(ReportInput.ofBytes("ok.xml", utf8(TestReports.CLEAN)), failing))
                .isSameAs(boom);
    }

    /**
     * A zip whose single entry inflates to {@code size} zeros, built in memory from one repeated deflate block
     * (about 1 KiB per MiB of zeros); the central directory is left out since a streaming reader never gets there.
     */
    static byte[] zipOfZeros(long size) {
        int chunk = 1 << 20;
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[chunk];
        byte[] first = deflateChunk(deflater, zeros);
        byte[] repeat = deflateChunk(deflater, zeros);
        deflater.finish();
        byte[] buffer = new byte[1024];
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        while (!deflater.finished()) {
            tail.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();

        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        byte[] name = "report.xml".getBytes(StandardCharsets.US_ASCII);
        writeInt(zip, 0x04034b50); // local file header
        writeShort(zip, 20); // version needed
        writeShort(zip, 0x0008); // sizes in a data descriptor after the data
        writeShort(zip, 8); // deflated
        writeInt(zip, 0); // time, date
        writeInt(zip, 0); // crc
        writeInt(zip, 0); // compressed size
        writeInt(zip, 0); // size
        writeShort(zip, name.length);
        writeShort(zip, 0);
        zip.writeBytes(name);
        zip.writeBytes(first);
        for (long written = 2L * chunk; written <= size; written += chunk) {
            zip.writeBytes(repeat);
        }
        zip.writeBytes(tail.toByteArray());
        return zip.toByteArray();
    }

    private static byte[] deflateChunk(Deflater deflater, byte[] input) {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
        return out.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        writeShort(out, v & 0xFFFF);
        writeShort(out, (v >>> 16) & 0xFFFF);
    }
}
