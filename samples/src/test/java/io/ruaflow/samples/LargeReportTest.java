package io.ruaflow.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LargeReportTest {
    static final int RECORDS = 2_000_000;
    static final String HEAP = "-Xmx24m";

    /** Writes a report of RECORDS records in a JVM whose heap could not hold a tenth of them. */
    @Test
    void twoMillionRecordsStreamThroughATinyHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        HEAP,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        Integer.toString(RECORDS)))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("records=" + RECORDS + " ");
        long bytes =
                Long.parseLong(output.substring(output.indexOf("bytes=") + 6).trim());
        assertThat(bytes).isGreaterThan(RECORDS * 500L);
    }

    /** Child process: writes one big report to a counting stream and prints what it counted. */
    public static final class Main {
        public static void main(String[] args) throws IOException {
            int records = Integer.parseInt(args[0]);
            SampleGenerator generator =
                    SampleGenerator.fromSeed(1, SampleOptions.defaults().withReports(1));
            SampleReport report = generator.reports().get(0).withRecordCount(records);
            CountingStream out = new CountingStream();
            generator.writeXml(report, out);
            System.out.println("records=" + out.records + " bytes=" + out.bytes);
        }
    }

    /** Counts bytes and {@code </record>} end tags, keeping nothing. */
    static final class CountingStream extends OutputStream {
        private static final byte[] END = "</record>".getBytes(StandardCharsets.US_ASCII);
        long bytes;
        long records;
        private int matched;

        @Override
        public void write(int b) {
            bytes++;
            matched = b == END[matched] ? matched + 1 : (b == END[0] ? 1 : 0);
            if (matched == END.length) {
                records++;
                matched = 0;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) write(b[i]);
        }
    }
}
