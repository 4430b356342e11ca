package io.ruaflow.parser;

import io.ruaflow.parser.internal.FailureMailReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads DMARC failure reports (RFC 6591 ARF, RFC 9991) from whole mails: a {@code multipart/report;
 * report-type=feedback-report} with a {@code message/feedback-report} part and the original message ({@code
 * message/rfc822}) or its headers ({@code text/rfc822-headers}); leniently also the shapes real reporters send
 * (another multipart type, a base64 feedback part, a feedback part declared as text, an empty field) and Exim's
 * plain-text report without an ARF part. Each recovery is a warning of the report. Only headers are kept, never the
 * original's body; {@code redact} replaces the local parts of the original's addresses.
 *
 * <p>Thread-safe.
 */
public final class FailureReportParser {
    /** The most bytes of the original's header block kept; the rest is cut at a header boundary with a warning. */
    public static final int MAX_ORIGINAL_HEADER_BYTES = 64 * 1024;
    /** The longest value kept of one field (a header or an ARF field); longer is cut with a warning. */
    public static final int MAX_FIELD_CHARS = 2_048;
    /** The most bytes of a {@code message/feedback-report} part or of a plain-text part read. */
    public static final int MAX_REPORT_PART_BYTES = 64 * 1024;
    /** What replaces a local part when redacting: {@code redacted@example.com}. */
    public static final String REDACTED_LOCAL_PART = "redacted";

    private final FailureMailReader reader;

    /** A parser with the default limits and redaction on. */
    public FailureReportParser() {
        this(ParserLimits.defaults(), true);
    }

    public FailureReportParser(ParserLimits limits, boolean redact) {
        this.reader = new FailureMailReader(Objects.requireNonNull(limits, "limits"), redact);
    }

    /**
     * The failure report in {@code input}, a whole mail (an mbox {@code From } line before it is skipped).
     *
     * @throws ReportRejectedException the mail is no failure report (the reason names what it holds), names no
     *     reported domain, or is over a limit
     * @throws IOException reading the input failed
     */
    public FailureReport parse(ReportInput input) throws ReportRejectedException, IOException {
        byte[] raw;
        try (InputStream in = input.open()) {
            long max = reader.maxMailBytes();
            raw = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
            if (raw.length > max) {
                throw new ReportLimitExceededException(
                        input.name(), "MAX_MAIL_BYTES", max, "the mail is larger than " + max + " bytes");
            }
        }
        return reader.read(input.name(), raw);
    }

    /**
     * Whether {@code raw} is a mail that looks like a failure report: it declares {@code report-type=feedback-report}
     * or has a {@code message/feedback-report} part, or is Exim's plain-text DMARC report. Cheap enough for a sniffer;
     * {@link #parse} decides.
     */
    public static boolean looksLikeFailureReport(byte[] raw) {
        return FailureMailReader.looksLikeFailureReport(raw);
    }
}
