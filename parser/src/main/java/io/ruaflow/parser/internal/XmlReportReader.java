package io.ruaflow.parser.internal;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
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
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads one XML report document with Woodstox, DTDs off, after {@link LenientXmlReader} has repaired the text. */
final class XmlReportReader {
    static final String DOCTYPE_REFUSED =
            "the XML has a DOCTYPE declaration, which is refused (DTDs and entities are not allowed in reports)";

    /** The longest text node accepted inside a report. */
    static final int MAX_TEXT_CHARS = 1 << 20;

    private static final int PROLOG_PEEK = 512;
    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

    private final XMLInputFactory factory;
    private final ParserLimits limits;

    XmlReportReader(ParserLimits limits) {
        this.limits = limits;
        WstxInputFactory f = new WstxInputFactory();
        f.configureForSpeed();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, MAX_TEXT_CHARS);
        // A safety net behind our own MAX_XML_DEPTH check, which gives the better message.
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxXmlDepth() + 1);
        this.factory = f;
    }

    /** Reads the report in {@code in} (positioned at its first byte); records go to the handler as they are read. */
    PendingReport read(BufferedInputStream in, ReportSource source, ReportHandler handler, List<String> inherited)
            throws IOException {
        List<String> prologWarnings = new ArrayList<>(inherited);
        Charset charset = charset(in, prologWarnings);
        LenientXmlReader text = new LenientXmlReader(in, charset);
        XMLStreamReader xml;
        try {
            xml = factory.createXMLStreamReader(text);
        } catch (XMLStreamException e) {
            throw malformed(e, text);
        }
        ReportDocument document = new ReportDocument(xml, limits, source, handler, prologWarnings);
        PendingReport pending;
        try {
            pending = document.read();
        } catch (XMLStreamException e) {
            throw malformed(e, text);
        } finally {
            try {
                xml.close();
            } catch (XMLStreamException ignored) {
                // closing a reader over a Reader we own cannot fail in a way that matters
            }
        }
        addRepairWarnings(text, pending.warnings);
        return pending;
    }

    private static void addRepairWarnings(LenientXmlReader text, Warnings warnings) {
        if (text.skippedLeadingChars > 0) {
            warnings.add(text.skippedLeadingChars + " characters before the XML declaration were removed");
        }
        if (text.malformedBytes > 0) {
            warnings.add(text.malformedBytes
                    + " bytes that are not valid in the document's encoding were replaced with U+FFFD");
        }
        if (text.escapedLessThan > 0) {
            warnings.add(text.escapedLessThan + " unescaped '<' in text were read as text");
        }
        if (text.escapedAmpersands > 0) {
            warnings.add(text.escapedAmpersands + " unescaped '&' in text were read as text");
        }
        if (text.droppedControlChars > 0) {
            warnings.add(text.droppedControlChars + " control characters not allowed in XML were removed");
        }
    }

    private static IOException malformed(XMLStreamException e, LenientXmlReader text) {
        IOException carried = carriedIoException(e);
        if (carried != null) {
            return carried;
        }
        if (text.doctypeSeen) {
            return InputRejected.because(DOCTYPE_REFUSED);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        message = message.replaceFirst("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "");
        Location location = e.getLocation();
        String where = location == null
                ? ""
                : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
        return InputRejected.because("malformed XML" + where + ": " + message);
    }

    private static IOException carriedIoException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (e instanceof XMLStreamException x && x.getNestedException() instanceof IOException io) {
            return io;
        }
        return null;
    }

    /** The document's encoding: a byte order mark, else the XML declaration, else UTF-8. */
    private static Charset charset(BufferedInputStream in, List<String> warnings) throws IOException {
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
