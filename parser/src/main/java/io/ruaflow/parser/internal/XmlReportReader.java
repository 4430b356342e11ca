package io.ruaflow.parser.internal;

import io.ruaflow.parser.ParserLimits;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one XML report document with {@link XmlScanner} (repairing and tokenizing in one pass; DTDs refused) and
 * {@link ReportDocument}.
 */
final class XmlReportReader {
    static final String DOCTYPE_REFUSED =
            "the XML has a DOCTYPE declaration, which is refused (DTDs and entities are not allowed in reports)";

    /** The longest text node accepted inside a report. */
    static final int MAX_TEXT_CHARS = 1 << 20;

    private static final int PROLOG_PEEK = 512;
    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

    private final ParserLimits limits;

    XmlReportReader(ParserLimits limits) {
        this.limits = limits;
    }

    /** Reads the report in {@code in} (positioned at its first byte); records go to the handler as they are read. */
    PendingReport read(BufferedInputStream in, ReportSource source, ReportHandler handler, List<String> inherited)
            throws IOException {
        List<String> prologWarnings = new ArrayList<>(inherited);
        Charset charset = charset(in, prologWarnings);
        try (XmlScanner xml = new XmlScanner(in, charset, limits.maxXmlDepth(), MAX_TEXT_CHARS)) {
            PendingReport pending = new ReportDocument(xml, limits, source, handler, prologWarnings).read();
            addRepairWarnings(xml, pending.warnings);
            return pending;
        }
    }

    static void addRepairWarnings(XmlScanner text, Warnings warnings) {
        addRepairWarnings(
                warnings,
                text.skippedLeadingChars,
                text.malformedBytes,
                text.escapedLessThan,
                text.escapedAmpersands,
                text.droppedControlChars);
    }

    /** The warnings that say what the reading repaired, from its counts of each repair. */
    static void addRepairWarnings(
            Warnings warnings, int leading, int malformedBytes, int lessThan, int ampersands, int control) {
        if (leading > 0) {
            warnings.add(leading + " characters before the XML declaration were removed");
        }
        if (malformedBytes > 0) {
            warnings.add(
                    malformedBytes + " bytes that are not valid in the document's encoding were replaced with U+FFFD");
        }
        if (lessThan > 0) {
            warnings.add(lessThan + " unescaped '<' in text were read as text");
        }
        if (ampersands > 0) {
            warnings.add(ampersands + " unescaped '&' in text were read as text");
        }
        if (control > 0) {
            warnings.add(control + " control characters not allowed in XML were removed");
        }
    }

    /** The document's encoding: a byte order mark, else the XML declaration, else UTF-8. */
    static Charset charset(BufferedInputStream in, List<String> warnings) throws IOException {
        in.mark(PROLOG_PEEK);
        byte[] head = in.readNBytes(PROLOG_PEEK);
        in.reset();
        int n = head.length;
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        String prolog = new String(head, StandardCharsets.ISO_8859_1);
        int declEnd = prolog.indexOf("?>");
        if (declEnd < 0 || !prolog.contains("<?xml")) {
            return StandardCharsets.UTF_8;
        }
        Matcher m = ENCODING.matcher(prolog.substring(0, declEnd));
        if (!m.find()) {
            return StandardCharsets.UTF_8;
        }
        String name = m.group(1);
        try {
            Charset declared = Charset.forName(name);
            String canonical = declared.name().toLowerCase(Locale.ROOT);
            if (canonical.startsWith("utf-16") || canonical.startsWith("utf-32")) {
                // Declared as UTF-16 but written without a byte order mark in an ASCII prolog: it is not.
                return StandardCharsets.UTF_8;
            }
            return declared;
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            warnings.add("unknown encoding " + name + " declared; read as UTF-8");
            return StandardCharsets.UTF_8;
        }
    }
}
