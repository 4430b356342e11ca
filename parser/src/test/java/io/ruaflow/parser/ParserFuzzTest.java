package io.ruaflow.parser;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Coverage-guided fuzzing of the whole parser, every packaging: the fuzzer's bytes are fed as they are (the
 * sniffer decides), or wrapped as gzip, zip, zip of gzip, or a MIME mail with the report attached, so that
 * mutations reach the XML reader behind each packaging. The only acceptable failures are a
 * {@link ReportRejectedException} (with a reason) or an {@link IOException}; anything else escaping the parser
 * would stop a stream on one hostile report.
 *
 * <p>{@code mvn verify} replays the seeds and every input once found, kept under
 * {@code src/test/resources/io/ruaflow/parser/ParserFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes (see
 * {@code .ci/run}).
 */
class ParserFuzzTest {
    private static final ReportParser PARSER = new ReportParser(
            ParserLimits.defaults().withMaxDecompressedBytes(16L << 20).withMaxRecords(10_000));

    @FuzzTest(maxDuration = "60s")
    void anyInputIsParsedOrRejectedWithAReason(FuzzedDataProvider data) throws IOException {
        int packaging = data.consumeInt(0, 5);
        byte[] body = data.consumeRemainingAsBytes();
        byte[] input =
                switch (packaging) {
                    case 1 -> TestReports.gzip(body);
                    case 2 -> TestReports.zip("report.xml", body);
                    case 3 -> TestReports.zip("report.xml.gz", TestReports.gzip(body));
                    case 4 -> mail(body);
                    default -> body;
                };
        try {
            PARSER.parse(ReportInput.ofBytes("fuzz", input), COUNTING);
        } catch (ReportRejectedException e) {
            if (e.reason() == null || e.reason().isBlank()) {
                throw new AssertionError("rejected without a reason", e);
            }
        }
    }

    private static byte[] mail(byte[] report) {
        String text = "From: dmarc@reporter.example\r\nTo: rua@example.com\r\n"
                + "Subject: Report Domain: example.com Submitter: reporter.example\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n"
                + "report attached\r\n--b1\r\nContent-Type: application/gzip\r\n"
                + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"r.xml.gz\"\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(TestReports.gzip(report)) + "\r\n--b1--\r\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Checks what the parser promises its handler: every report's end matches its header and its records. */
    private static final ReportHandler COUNTING = new ReportHandler() {
        private ReportHeader open;
        private long records;
        private long messages;

        @Override
        public void header(ReportHeader header) {
            open = header;
            records = 0;
            messages = 0;
        }

        @Override
        public void record(ReportRecord record) {
            if (record.count() < 0 || record.count() > ParserLimits.MAX_RECORD_COUNT) {
                throw new AssertionError("count outside 0.." + ParserLimits.MAX_RECORD_COUNT + ": " + record.count());
            }
            records++;
            messages += record.count();
        }

        @Override
        public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
            if (header != open || recordCount != records || messageCount != messages) {
                throw new AssertionError("end(" + recordCount + ", " + messageCount + ") after " + records
                        + " records of " + messages + " messages");
            }
        }
    };
}
