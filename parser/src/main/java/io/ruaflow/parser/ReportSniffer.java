package io.ruaflow.parser;

import io.ruaflow.parser.internal.InputDecoder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that says what bytes hold: a report, an archive to open, a mail to walk, or something to skip
 * (an HTML note, an image, XML of another kind). Told by the first {@link #PEEK_BYTES} bytes alone: file names and
 * declared content types are only hints and are never trusted. The parser walks every input with it, and the
 * sources ask {@link #mayHoldReport} before publishing a mail, so both agree on what may be a report.
 *
 * <p>Thread-safe and stateless.
 */
public final class ReportSniffer {
    /** How many leading bytes decide. */
    public static final int PEEK_BYTES = 1024;

    /** First elements of an HTML body (the note many reporters put beside the attachment). */
    private static final Set<String> HTML_ELEMENTS = Set.of(
            "html", "head", "body", "div", "p", "span", "table", "meta", "style", "br", "font", "center", "title", "a",
            "b", "i", "pre", "h1", "h2", "h3", "ul", "ol", "img", "hr");

    /** A key only an SMTP TLS report has, in any case and with {@code -} or {@code _}, as a JSON key. */
    private static final Pattern TLS_REPORT_KEY = Pattern.compile(
            "\"(report[-_]id|policies|organization[-_]name|date[-_]range|contact[-_]info)\"\\s*:",
            Pattern.CASE_INSENSITIVE);

    private static final InputDecoder SNIFFING = new InputDecoder(ParserLimits.defaults());

    private ReportSniffer() {}

    /** What the first {@code length} bytes of {@code head} hold. */
    public static PartContent sniff(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (n == 0) {
            return PartContent.EMPTY;
        }
        if (starts(head, n, 0x1F, 0x8B)) {
            return PartContent.GZIP;
        }
        if (starts(head, n, 'P', 'K', 3, 4) || starts(head, n, 'P', 'K', 7, 8)) {
            return PartContent.ZIP;
        }
        if (starts(head, n, 'P', 'K', 5, 6)) {
            return PartContent.EMPTY_ZIP;
        }
        if (starts(head, n, '%', 'P', 'D', 'F')) {
            return PartContent.PDF;
        }
        if (starts(head, n, 0x89, 'P', 'N', 'G')
                || starts(head, n, 0xFF, 0xD8, 0xFF)
                || starts(head, n, 'G', 'I', 'F', '8')) {
            return PartContent.IMAGE;
        }
        int i = 0;
        if (starts(head, n, 0xEF, 0xBB, 0xBF)) {
            i = 3;
        } else if (starts(head, n, 0xFE, 0xFF) || starts(head, n, 0xFF, 0xFE)) {
            return PartContent.XML; // UTF-16 byte order mark: only XML reports are written that way
        }
        i = skipSpace(head, i, n);
        if (i == n) {
            return PartContent.UNKNOWN;
        }
        if (head[i] == '<') {
            return markup(new String(head, i, n - i, StandardCharsets.ISO_8859_1));
        }
        if (head[i] == '{') {
            String text = new String(head, i, n - i, StandardCharsets.ISO_8859_1);
            return TLS_REPORT_KEY.matcher(text).find() ? PartContent.TLS_REPORT : PartContent.JSON;
        }
        if (looksLikeHeader(head, i, n)) {
            return PartContent.MAIL;
        }
        return looksLikeText(head, i, n) ? PartContent.TEXT : PartContent.UNKNOWN;
    }

    /** What {@code in} holds, looking at its first bytes without consuming them. */
    public static PartContent sniff(BufferedInputStream in) throws IOException {
        in.mark(PEEK_BYTES);
        byte[] head = in.readNBytes(PEEK_BYTES);
        in.reset();
        return sniff(head, head.length);
    }

    /**
     * Whether {@code raw} (a mail, an archive, XML) may hold a report: true for an archive or report XML, and for a
     * mail when any of its parts (attached mails included) may hold one. Decodes only the first bytes of each part.
     * When unsure (a broken mail, a limit reached) it says true, so that the parser names the problem: a false
     * positive costs a dead letter, a false negative a report never read.
     */
    public static boolean mayHoldReport(byte[] raw) {
        return SNIFFING.mayHoldReport(ReportInput.ofBytes("sniffed input", raw));
    }

    /**
     * The kind of report a MIME entity declares by its type alone, or null: {@code application/tlsrpt+json} and
     * {@code application/tlsrpt+gzip} are {@link ReportKind#SMTP_TLS}; a {@code multipart/report} with
     * {@code report-type=feedback-report}, or any multipart with a {@code message/feedback-report} part, is
     * {@link ReportKind#FAILURE}. Declared types are hints: a TLS attachment is still read by its bytes.
     *
     * @param contentType the full Content-Type value, parameters included
     * @param childTypes the declared types of a multipart's parts (empty for a leaf part)
     */
    public static ReportKind kindOfMime(String contentType, List<String> childTypes) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/tlsrpt+")) {
            return ReportKind.SMTP_TLS;
        }
        if (type.startsWith("multipart/")
                && (type.matches("(?s).*report-type\\s*=\\s*\"?feedback-report\\b.*")
                        || childTypes.contains("message/feedback-report"))) {
            return ReportKind.FAILURE;
        }
        return null;
    }

    private static PartContent markup(String text) {
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("<?", i)) {
                i = after(text, "?>", i);
            } else if (text.startsWith("<!--", i)) {
                i = after(text, "-->", i);
            } else if (text.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
                String rest = text.substring(i + 9).stripLeading().toLowerCase(Locale.ROOT);
                // any other DOCTYPE goes to the XML reader, which refuses it with its reason
                return rest.startsWith("html") ? PartContent.HTML : PartContent.XML;
            } else if (text.charAt(i) == '<') {
                return element(text, i + 1);
            } else {
                return PartContent.XML; // text after the prolog: let the XML reader say what is wrong
            }
            if (i < 0) {
                return PartContent.XML;
            }
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
        }
        return PartContent.XML;
    }

    private static PartContent element(String text, int start) {
        int end = start;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (Character.isWhitespace(c) || c == '>' || c == '/') {
                break;
            }
            end++;
        }
        if (end == text.length() || end == start) {
            return PartContent.XML; // the name is cut off by the peek, or there is none: the reader decides
        }
        String name = text.substring(start, end).toLowerCase(Locale.ROOT);
        String local = name.substring(name.indexOf(':') + 1);
        if (local.equals("feedback")) {
            return PartContent.AGGREGATE_REPORT;
        }
        if (local.equals("schema")) {
            return PartContent.XML; // a stray <xs:schema> opening tag before <feedback>
        }
        return HTML_ELEMENTS.contains(name) ? PartContent.HTML : PartContent.OTHER_XML;
    }

    private static int after(String text, String end, int from) {
        int at = text.indexOf(end, from);
        return at < 0 ? -1 : at + end.length();
    }

    private static boolean starts(byte[] head, int n, int... prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(byte[] head, int i, int n) {
        while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** An RFC 5322 header field ("Name: value") or an mbox "From " line. */
    private static boolean looksLikeHeader(byte[] head, int from, int n) {
        if (n - from >= 5
                && head[from] == 'F'
                && head[from + 1] == 'r'
                && head[from + 2] == 'o'
                && head[from + 3] == 'm'
                && head[from + 4] == ' ') {
            return true;
        }
        int i = from;
        while (i < n && head[i] > 32 && head[i] < 127 && head[i] != ':') {
            i++;
        }
        return i > from && i < n && head[i] == ':';
    }

    /** No control characters but line breaks and tabs: text a person wrote (UTF-8 bytes pass). */
    private static boolean looksLikeText(byte[] head, int from, int n) {
        for (int i = from; i < n; i++) {
            int b = head[i] & 0xFF;
            if (b < 0x20 && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
            if (b == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
