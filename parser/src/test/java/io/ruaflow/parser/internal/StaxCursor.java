package io.ruaflow.parser.internal;

import java.io.IOException;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The reading of a report before {@link XmlScanner}: Woodstox over {@link LenientXmlReader}'s repaired text, walked
 * element by element. Kept in the tests as the reference the one-pass scanner is compared with
 * ({@link XmlScannerAgreementTest}). A Woodstox error becomes a rejection saying "malformed XML".
 */
final class StaxCursor implements XmlCursor {
    private final XMLStreamReader xml;
    private final int maxDepth;
    private final StringBuilder text = new StringBuilder(64);
    private int depth;

    StaxCursor(XMLStreamReader xml, int maxDepth) {
        this.xml = xml;
        this.maxDepth = maxDepth;
    }

    @Override
    public int depth() {
        return depth;
    }

    /** The local name of the current element, namespace ignored. */
    @Override
    public String name() {
        return xml.getLocalName();
    }

    @Override
    public String namespaceUri() {
        return xml.getNamespaceURI();
    }

    @Override
    public String qualifiedName() {
        String prefix = xml.getPrefix();
        return prefix == null || prefix.isEmpty() ? xml.getLocalName() : prefix + ":" + xml.getLocalName();
    }

    @Override
    public int next() throws IOException {
        int event = advance();
        if (event == XMLStreamConstants.START_ELEMENT) {
            depth++;
            if (depth > maxDepth) {
                throw InputRejected.overLimit(
                        "MAX_XML_DEPTH", maxDepth, "XML elements are nested more than " + maxDepth + " deep");
            }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
            depth--;
        } else if (event == XMLStreamConstants.DTD) {
            throw InputRejected.because(XmlReportReader.DOCTYPE_REFUSED);
        }
        return event;
    }

    private int advance() throws IOException {
        try {
            return xml.next();
        } catch (XMLStreamException e) {
            throw InputRejected.because("malformed XML: " + e.getMessage());
        }
    }

    /** Advances to the next child element of the element at {@code parentDepth}; false at its end tag. */
    @Override
    public boolean nextChild(int parentDepth) throws IOException {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT && depth < parentDepth) {
                return false;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw InputRejected.because("malformed XML: unexpected end of document");
            }
        }
    }

    /** The trimmed text of the current element; child elements inside it are skipped. */
    @Override
    public String text() throws IOException {
        // Most elements hold one text event: make the string straight from the parser's buffer.
        String single = null;
        StringBuilder sb = null;
        int elementDepth = depth;
        while (true) {
            int event = next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    char[] chars = xml.getTextCharacters();
                    int start = xml.getTextStart();
                    int length = xml.getTextLength();
                    if (single == null && sb == null) {
                        single = trimmed(chars, start, length);
                        if (single.length() != length) {
                            // Trimmed: keep the untrimmed text in case more follows.
                            sb = text;
                            sb.setLength(0);
                            sb.append(chars, start, length);
                            single = null;
                        }
                    } else {
                        if (sb == null) {
                            sb = text;
                            sb.setLength(0);
                            sb.append(single);
                            single = null;
                        }
                        sb.append(chars, start, length);
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> skip();
                case XMLStreamConstants.END_ELEMENT -> {
                    if (depth < elementDepth) {
                        if (sb != null) {
                            return trim(sb);
                        }
                        return single == null ? "" : single;
                    }
                }
                case XMLStreamConstants.END_DOCUMENT -> throw InputRejected.because(
                        "malformed XML: unexpected end of document");
                default -> {}
            }
        }
    }

    private static String trim(StringBuilder sb) {
        int start = 0;
        int end = sb.length();
        while (start < end && sb.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && sb.charAt(end - 1) <= ' ') {
            end--;
        }
        return start == end ? "" : sb.substring(start, end);
    }

    private static String trimmed(char[] chars, int start, int length) {
        int from = start;
        int to = start + length;
        while (from < to && chars[from] <= ' ') {
            from++;
        }
        while (to > from && chars[to - 1] <= ' ') {
            to--;
        }
        return new String(chars, from, to - from);
    }

    /** Skips the current element and everything inside it. */
    @Override
    public void skip() throws IOException {
        int elementDepth = depth;
        while (depth >= elementDepth) {
            if (next() == XMLStreamConstants.END_DOCUMENT) {
                throw InputRejected.because("malformed XML: unexpected end of document");
            }
        }
    }

    @Override
    public void close() {
        try {
            xml.close();
        } catch (XMLStreamException ignored) {
            // closing a reader over a Reader we own cannot fail in a way that matters
        }
    }
}
