package io.ruaflow.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records are read one at a time: a million-record report parses in a JVM with a 256 MiB heap. */
class StreamingTest {
    static final int RECORDS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void millionRecordReportParsesWithin256MiBOfHeap() throws Exception {
        Path file = dir.resolve("million.xml.gz");
        writeReport(file, RECORDS);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        StreamingParseMain.class.getName(),
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("reports=1 records=" + RECORDS + " messages=" + 2L * RECORDS + " ended=" + RECORDS);
        long maxHeapMiB = Long.parseLong(output.replaceAll("(?s).*maxHeapMiB=(\\d+).*", "$1"));
        assertThat(maxHeapMiB).isLessThanOrEqualTo(256);
    }

    /** About 330 bytes of XML per record, written gzipped as it is generated. */
    static void writeReport(Path file, int records) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                GZIPOutputStream gzip = new GZIPOutputStream(raw, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
                BufferedWriter out =
                        new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 1 << 16)) {
            String head = TestReports.CLEAN.substring(0, TestReports.CLEAN.indexOf("  <record>"));
            out.write(head);
            for (int i = 0; i < records; i++) {
                out.write("<record><row><source_ip>10.");
                out.write(Integer.toString((i >>> 16) & 0xFF));
                out.write('.');
                out.write(Integer.toString((i >>> 8) & 0xFF));
                out.write('.');
                out.write(Integer.toString(i & 0xFF));
                out.write("</source_ip><count>2</count><policy_evaluated><disposition>none</disposition>"
                        + "<dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers>"
                        + "<header_from>example.com</header_from></identifiers><auth_results><dkim>"
                        + "<domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>"
                        + "<spf><domain>bounce.example.net</domain><scope>mfrom</scope><result>fail</result></spf>"
                        + "</auth_results></record>\n");
            }
            out.write("</feedback>\n");
        }
    }
}
