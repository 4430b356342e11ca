package io.ruaflow.parser.internal;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Walks a StAX stream element by element for {@link ReportDocument}: tracks depth against {@code MAX_XML_DEPTH},
 * refuses a DOCTYPE, reads an element's trimmed text, skips what is not understood.
 */
final class StaxCursor {
    private final XMLStreamReader xml;
    private final int maxDepth;
    private final StringBuilder text = new StringBuilder(64);
    private int depth;

    StaxCursor(XMLStreamReader xml, int maxDepth) {
        this.xml = xml;
        this.maxDepth = maxDepth;
    }

    int depth() {
        return depth;
    }

    /** The local name of the current element, namespace ignored. */
    String name() {
        return xml.getLocalName();
    }

    String namespaceUri() {
        return xml.getNamespaceURI();
    }

    String qualifiedName() {
        String prefix = xml.getPrefix();
        return prefix == null || prefix.isEmpty() ? xml.getLocalName() : prefix + ":" + xml.getLocalName();
    }

    int next() throws XMLStreamException, InputRejected {
        int event = xml.next();
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

    /** Advances to the next child element of the element at {@code parentDepth}; false at its end tag. */
    boolean nextChild(int parentDepth) throws XMLStreamException, InputRejected {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT && depth < parentDepth) {
                return false;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("unexpected end of document", xml.getLocation());
            }
        }
    }

    /** The trimmed text of the current element; child elements inside it are skipped. */
    String text() throws XMLStreamException, InputRejected {
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
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException(
                        "unexpected end of document", xml.getLocation());
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
    void skip() throws XMLStreamException, InputRejected {
        int elementDepth = depth;
        while (depth >= elementDepth) {
            if (next() == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("unexpected end of document", xml.getLocation());
            }
        }
    }
}
