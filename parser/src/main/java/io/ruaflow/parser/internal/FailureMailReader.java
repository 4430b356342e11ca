package io.ruaflow.parser.internal;

import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.FailureReportParser;
import io.ruaflow.parser.ParserLimits;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.ReportUid;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks a failure-report mail and finds its three pieces: the ARF fields ({@code message/feedback-report}), the
 * original's header block ({@code message/rfc822} or {@code text/rfc822-headers}, body never read) and the
 * human-readable text. Exim's plain-text report is turned into the same pieces. {@link FailureFields} makes the
 * report of them.
 */
public final class FailureMailReader {
    /** The line Exim puts before the copy of the original's headers. */
    static final Pattern EXIM_COPY_LINE = Pattern.compile("(?m)^-{3,} This is a copy of [^\\n]*\\n");

    private static final Pattern EXIM_SENDER_DOMAIN = Pattern.compile("(?mi)^\\s*Sender Domain:\\s*\\S+");
    private static final Pattern EXIM_FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z -]{0,40}");
    private static final Pattern FEEDBACK_TYPE_START = Pattern.compile("(?i)^\\s*Feedback-Type\\s*:");
    private static final Pattern REPORT_TYPE_FEEDBACK =
            Pattern.compile("(?i)(report-type\\s*=\\s*\"?feedback-report|message/feedback-report)");
    /** How far into a mail {@link #looksLikeFailureReport} looks. */
    static final int SNIFF_BYTES = 64 * 1024;

    private final ParserLimits limits;
    private final boolean redact;

    public FailureMailReader(ParserLimits limits, boolean redact) {
        this.limits = limits;
        this.redact = redact;
    }

    public long maxMailBytes() {
        return limits.maxMailBytes();
    }

    /** What the sniffer asks: see {@link FailureReportParser#looksLikeFailureReport}. */
    public static boolean looksLikeFailureReport(byte[] raw) {
        String head = new String(raw, 0, Math.min(raw.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
        if (REPORT_TYPE_FEEDBACK.matcher(head).find()) {
            return true;
        }
        return looksLikeEximText(head);
    }

    /** Whether {@code text} is Exim's plain-text DMARC failure report (sender domain, IP, then the headers). */
    public static boolean looksLikeEximText(String text) {
        return EXIM_SENDER_DOMAIN.matcher(text).find()
                && text.contains("Sender IP Address:")
                && EXIM_COPY_LINE.matcher(text.replace("\r\n", "\n")).find();
    }

    public FailureReport read(String file, byte[] raw) throws ReportRejectedException {
        return read(new ReportSource(file, ReportUid.sha256Hex(raw)), raw);
    }

    /** Reads {@code raw}, a whole failure-report mail (or its MIME entity), from {@code source}. */
    public FailureReport read(ReportSource source, byte[] raw) throws ReportRejectedException {
        String file = source.file();
        try {
            return readOrThrow(source, raw);
        } catch (InputRejected e) {
            throw e.toRejection(file);
        } catch (MessagingException | IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ReportRejectedException(file, "not a readable failure report mail: " + message, e);
        }
    }

    private FailureReport readOrThrow(ReportSource source, byte[] raw) throws IOException, MessagingException {
        int start = 0;
        if (raw.length > 5 && raw[0] == 'F' && raw[1] == 'r' && raw[2] == 'o' && raw[3] == 'm' && raw[4] == ' ') {
            while (start < raw.length && raw[start] != '\n') {
                start++;
            }
            start++;
        }
        if (raw.length - start <= 0) {
            throw InputRejected.because("empty input (0 bytes)");
        }
        MimeMessage message = new MimeMessage(
                MailSessions.failureReports(), new ByteArrayInputStream(raw, start, Math.max(0, raw.length - start)));
        Found found = new Found();
        String topType = declaredType(message);
        String reportType = reportTypeOf(message);
        found.visit(message, 0);
        if (found.feedback == null) {
            exim(found);
        } else if (!topType.equals("multipart/report") || !"feedback-report".equals(reportType)) {
            found.warnings.add("the mail is declared as " + topType
                    + (reportType == null ? "" : "; report-type=" + reportType)
                    + ", not multipart/report; report-type=feedback-report: read for its message/feedback-report"
                    + " part");
        }
        if (found.feedback == null) {
            throw InputRejected.because("not a failure report: no message/feedback-report part and no plain-text"
                    + " report naming the sender domain (parts: " + String.join("; ", found.notes) + ")");
        }
        return new FailureFields(
                        found.feedback,
                        found.original,
                        found.originalHeaderText,
                        found.text,
                        found.format,
                        found.warnings,
                        redact)
                .build(source, message, normalizedSha256(raw, start));
    }

    /** The sha256 of the mail with CRLF read as LF, so that one report stored with either line ending is one. */
    private static String normalizedSha256(byte[] raw, int start) {
        String text = new String(raw, start, raw.length - start, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        return ReportUid.sha256Hex(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Exim's text-only report: "Sender Domain: …" lines, then a copy of the original's headers. */
    private void exim(Found found) throws MessagingException {
        for (String text : found.texts) {
            String t = text.replace("\r\n", "\n");
            if (!EXIM_SENDER_DOMAIN.matcher(t).find()) {
                continue;
            }
            Matcher copy = EXIM_COPY_LINE.matcher(t);
            String summary = copy.find() ? t.substring(0, copy.start()) : t;
            InternetHeaders fields = new InternetHeaders();
            for (String line : summary.split("\n")) {
                int colon = line.indexOf(':');
                String name = colon > 0 ? line.substring(0, colon).trim() : "";
                if (EXIM_FIELD_NAME.matcher(name).matches()) {
                    fields.addHeader(
                            "X-Text-" + name.replace(' ', '-'),
                            line.substring(colon + 1).trim());
                }
            }
            found.feedback = fields;
            found.format = FailureReport.Format.TEXT;
            found.warnings.add("no message/feedback-report part: read from the plain-text report (Exim style)");
            if (copy.find(0)) {
                found.setOriginal(t.substring(copy.end()).getBytes(StandardCharsets.UTF_8), "the plain-text report");
            }
            return;
        }
    }

    /** The state of one walk over a mail tree. */
    private final class Found {
        final Warnings warnings = new Warnings();
        final List<String> notes = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        InternetHeaders feedback;
        InternetHeaders original;
        String originalHeaderText = "";
        String text;
        FailureReport.Format format = FailureReport.Format.ARF;
        int parts;

        void visit(Part part, int depth) throws IOException, MessagingException {
            if (++parts > limits.maxMimeParts()) {
                throw InputRejected.overLimit(
                        "MAX_MIME_PARTS",
                        limits.maxMimeParts(),
                        "the mail has more than " + limits.maxMimeParts() + " MIME parts");
            }
            String type = declaredType(part);
            if (type.startsWith("multipart/")) {
                MimeMultipart multipart =
                        new MimeMultipart(part.getDataHandler().getDataSource());
                for (int i = 0; i < multipart.getCount(); i++) {
                    visit(multipart.getBodyPart(i), depth + 1);
                }
                return;
            }
            if (depth == 0) {
                notes.add("a single " + type + " part");
            }
            switch (type) {
                case "message/feedback-report" -> feedback(readCapped(part), type);
                case "message/rfc822", "message/global" -> originalPart(part, type);
                case "text/rfc822-headers", "text/rfc822-header", "message/rfc822-headers", "text/headers" -> {
                    originalPart(part, type);
                }
                default -> {
                    if (type.startsWith("text/") || type.equals("application/octet-stream")) {
                        byte[] bytes = readCapped(part);
                        String body = text(bytes);
                        if (FEEDBACK_TYPE_START.matcher(body).find() && feedback == null) {
                            feedback(bytes, type);
                            warnings.add(
                                    "the ARF fields are declared as " + type + " instead of message/feedback-report");
                        } else {
                            texts.add(body);
                            if (text == null && type.equals("text/plain")) {
                                text = body;
                            }
                            notes.add(type);
                        }
                    } else {
                        notes.add(type + " (skipped)");
                    }
                }
            }
        }

        private void feedback(byte[] bytes, String type) throws MessagingException {
            if (feedback != null) {
                warnings.add("a second " + type + " part was ignored");
                return;
            }
            feedback = new InternetHeaders(new ByteArrayInputStream(strip(bytes)));
            notes.add(type);
        }

        private void originalPart(Part part, String type) throws IOException, MessagingException {
            if (original != null) {
                warnings.add("a second copy of the original (" + type + ") was ignored");
                return;
            }
            try (InputStream in = decoded(part)) {
                setOriginal(in.readNBytes(FailureReportParser.MAX_ORIGINAL_HEADER_BYTES + 1), type);
            }
            notes.add(type);
        }

        /** Keeps the header block of {@code bytes} (the original, from its first line to the first blank one). */
        void setOriginal(byte[] bytes, String where) throws MessagingException {
            String block = text(strip(bytes)).replace("\r\n", "\n");
            if (block.startsWith("From ")) {
                block = block.substring(block.indexOf('\n') + 1);
            }
            int end = block.indexOf("\n\n");
            if (end >= 0) {
                block = block.substring(0, end + 1);
            } else if (utf8Length(block) > FailureReportParser.MAX_ORIGINAL_HEADER_BYTES) {
                block = cutAtField(block);
                warnings.add("the original's headers in " + where + " are longer than "
                        + FailureReportParser.MAX_ORIGINAL_HEADER_BYTES
                        + " bytes (MAX_ORIGINAL_HEADER_BYTES): the rest was dropped");
            } else if (!block.endsWith("\n")) {
                block = block + "\n";
            }
            originalHeaderText = block;
            original = new InternetHeaders(new ByteArrayInputStream(block.getBytes(StandardCharsets.UTF_8)));
        }

        private byte[] readCapped(Part part) throws IOException, MessagingException {
            try (InputStream in = decoded(part)) {
                byte[] bytes = in.readNBytes(FailureReportParser.MAX_REPORT_PART_BYTES + 1);
                if (bytes.length > FailureReportParser.MAX_REPORT_PART_BYTES) {
                    warnings.add("a " + declaredType(part) + " part is longer than "
                            + FailureReportParser.MAX_REPORT_PART_BYTES
                            + " bytes (MAX_REPORT_PART_BYTES): only its start was read");
                    return java.util.Arrays.copyOf(bytes, FailureReportParser.MAX_REPORT_PART_BYTES);
                }
                return bytes;
            }
        }
    }

    /**
     * The part's content, decoded. Jakarta Mail leaves a {@code message/*} part's base64 or quoted-printable
     * encoding in place (a system property changes that, for the whole JVM), yet reporters (Netease) base64 their
     * feedback part: decoded here.
     */
    private static InputStream decoded(Part part) throws IOException, MessagingException {
        if (part instanceof MimeBodyPart body && declaredType(part).startsWith("message/")) {
            String encoding = body.getEncoding();
            if (encoding != null) {
                String e = encoding.trim().toLowerCase(Locale.ROOT);
                if (e.equals("base64") || e.equals("quoted-printable")) {
                    return MimeUtility.decode(body.getRawInputStream(), e);
                }
            }
        }
        return part.getInputStream();
    }

    /** The longest start of {@code block} that fits the limit and ends where a header field ends. */
    static String cutAtField(String block) {
        String full = block;
        int cut = block.lastIndexOf('\n');
        block = cut < 0 ? "" : block.substring(0, cut + 1); // the last line may be cut short
        while (utf8Length(block) > FailureReportParser.MAX_ORIGINAL_HEADER_BYTES) {
            cut = block.lastIndexOf('\n', block.length() - 2);
            block = cut < 0 ? "" : block.substring(0, cut + 1);
        }
        if (!block.isEmpty() && block.length() < full.length() && isSpace(full.charAt(block.length()))) {
            // the next line continues the last field kept: drop that field whole
            int end = block.length() - 1;
            while (true) {
                int prev = block.lastIndexOf('\n', end - 1);
                if (!isSpace(block.charAt(prev + 1)) || prev < 0) {
                    block = block.substring(0, prev + 1);
                    break;
                }
                end = prev;
            }
        }
        return block;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code bytes} without the blank lines some reporters put before a part's content. */
    private static byte[] strip(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && (bytes[i] == '\r' || bytes[i] == '\n' || bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        return java.util.Arrays.copyOfRange(bytes, i, bytes.length);
    }

    /** UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (8-bit headers of old mailers). */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    static String declaredType(Part part) {
        try {
            String type = part.getContentType();
            if (type == null) {
                return "text/plain";
            }
            int semicolon = type.indexOf(';');
            return (semicolon >= 0 ? type.substring(0, semicolon) : type).trim().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "unknown";
        }
    }

    private static String reportTypeOf(Part part) {
        try {
            String type = part.getContentType();
            if (type == null) {
                return null;
            }
            String value = new ContentType(MimeUtility.unfold(type)).getParameter("report-type");
            return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }
}
