package io.ruaflow.parser.internal;

import java.io.IOException;

/**
 * Walks an XML document element by element for {@link ReportDocument}. Events are the {@code XMLStreamConstants}
 * values {@code START_ELEMENT}, {@code END_ELEMENT}, {@code CHARACTERS} and {@code END_DOCUMENT}. Depth counts the
 * open elements (the root element is at depth 1) against {@code MAX_XML_DEPTH}; a DOCTYPE is refused; anything not
 * well-formed after repair is an {@link InputRejected} naming where and why.
 */
interface XmlCursor extends AutoCloseable {
    int depth();

    /** The local name of the current element, namespace ignored. */
    String name();

    /** The namespace of the current element, or null when it has none. */
    String namespaceUri();

    /** The current element's name as written, with its prefix. */
    String qualifiedName();

    int next() throws IOException;

    /** Advances to the next child element of the element at {@code parentDepth}; false at its end tag. */
    boolean nextChild(int parentDepth) throws IOException;

    /** The trimmed text of the current element; child elements inside it are skipped. */
    String text() throws IOException;

    /** Skips the current element and everything inside it. */
    void skip() throws IOException;

    /** Lets go of what the cursor holds; it is not read from again. */
    @Override
    void close();
}
