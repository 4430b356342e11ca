package io.ruaflow.parser.internal;

import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one XML report in a single pass over its decoded characters: repairs what sloppy reporters get wrong and
 * tokenizes at once, so that no character is copied or looked at more often than needed (reports of a million
 * records make this the parser's hot loop).
 *
 * <p>Repaired, each counted so that the report can say so: anything before the first {@code <} (a byte order mark
 * is not counted), byte sequences not valid in the document's encoding (read as U+FFFD), a {@code <} in text that
 * does not start well-formed markup (for example {@code <bad@example.com>} or {@code a<b}: read as text), a
 * {@code &} that starts no character reference or predefined entity (read as text), and control characters XML
 * forbids (dropped). A {@code <} starts markup when what follows within {@link #TAG_LOOKAHEAD} characters is a
 * well-formed start or end tag, or it opens a comment, CDATA section, processing instruction or declaration.
 *
 * <p>Refused as malformed: an end tag that closes another element than the open one, the document ending inside an
 * element, a second root element, text outside the root element, a prefix no {@code xmlns:} declares, an invalid
 * character reference, an unterminated comment, CDATA section or processing instruction. A DOCTYPE is refused as
 * such (no DTDs, no entities). Lenient where no meaning is lost: the XML declaration's contents are not read (the
 * encoding is found before), nor are comments and processing instructions ({@code --} inside a comment is let be)
 * or attributes other than namespace declarations (an {@code &} or a duplicate in them is let be); {@code ]]>} in
 * text is text; characters XML forbids inside a CDATA section are dropped and counted like those in text.
 *
 * <p>Line ends in text are normalized to {@code \n} as XML requires. Single use, not thread-safe.
 */
final class XmlScanner implements XmlCursor {
    /** How far ahead a tag is looked at to decide whether it is markup; a longer "tag" is read as text. */
    static final int TAG_LOOKAHEAD = 4096;

    private static final int CHUNK = 32768;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private Buffers buffers;
    private final ByteBuffer bytes;
    private final char[] src;
    private int pos;
    private int len;
    /** Characters dropped from the front of {@link #src} so far: the document offset of {@code src[0]}. */
    private long consumedBefore;

    private boolean inputDone;
    private boolean decoderFlushed;

    private final int maxDepth;
    private final int maxTextChars;
    private final NameTable names;

    private boolean started;
    /** The offset of the document's first {@code <}, where alone an XML declaration may stand. */
    private long documentStart;

    private boolean rootSeen;
    private boolean rootClosed;
    /** An empty-element tag was reported as a start; its end comes next. */
    private boolean pendingEmptyEnd;

    private int depth;
    private Name[] open = new Name[16];
    private String[] openNamespace = new String[16];
    private int[] bindingsAtDepth = new int[16];

    private String[] boundPrefix = new String[8];
    private String[] boundUri = new String[8];
    private int bindings;

    private Name current;
    private String currentNamespace;
    private final StringBuilder text = new StringBuilder(64);
    /** End of the tag found by the last {@link #markupAt} that said yes. */
    private int tagEnd;
    /** End of the name of the start tag found by the last {@link #markupAt} that said yes. */
    private int tagNameEnd;
    /** The end tag found by the last {@link #markupAt} closes the open element. */
    private boolean closesOpenElement;

    int skippedLeadingChars;
    int malformedBytes;
    int escapedLessThan;
    int escapedAmpersands;
    int droppedControlChars;

    XmlScanner(InputStream in, Charset charset, int maxDepth, int maxTextChars) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.maxDepth = maxDepth;
        this.maxTextChars = maxTextChars;
        this.buffers = Buffers.take();
        this.bytes = buffers.bytes;
        this.src = buffers.chars;
        this.names = buffers.names;
        bytes.clear().flip();
    }

    /** Gives the buffers back for the thread's next document; this scanner reads no more. */
    @Override
    public void close() {
        if (buffers != null) {
            Buffers.giveBack(buffers);
            buffers = null;
        }
    }

    /**
     * A thread's reading buffers (about 100 KB) and the names its documents used, taken by one scanner at a time:
     * most reports are a few kilobytes, and making and zeroing the buffers anew cost more than reading them. Held
     * softly, so that a pool of idle threads does not keep them from the collector.
     */
    private static final class Buffers {
        private static final ThreadLocal<SoftReference<Buffers>> SPARE = new ThreadLocal<>();

        final char[] chars = new char[CHUNK + TAG_LOOKAHEAD];
        final ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
        final NameTable names = new NameTable();

        static Buffers take() {
            SoftReference<Buffers> spare = SPARE.get();
            Buffers buffers = spare == null ? null : spare.get();
            if (buffers == null) {
                return new Buffers();
            }
            SPARE.remove(); // a second scanner on this thread before this one is closed gets its own
            return buffers;
        }

        static void giveBack(Buffers buffers) {
            SPARE.set(new SoftReference<>(buffers));
        }
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public String name() {
        return current.local;
    }

    @Override
    public String namespaceUri() {
        return currentNamespace;
    }

    @Override
    public String qualifiedName() {
        return current.qualified;
    }

    @Override
    public int next() throws IOException {
        if (pendingEmptyEnd) {
            pendingEmptyEnd = false;
            closeElement();
            return END_ELEMENT;
        }
        if (!started) {
            skipLeading();
        }
        while (true) {
            if (!ensure(1)) {
                return endOfInput();
            }
            if (src[pos] == '<' && markupAt()) {
                int event = markup();
                if (event != 0) {
                    return event;
                }
                continue;
            }
            text.setLength(0);
            readText();
            if (depth == 0) {
                if (!isBlank(text)) {
                    throw malformed(pos, "text outside the root element");
                }
                continue;
            }
            return CHARACTERS;
        }
    }

    @Override
    public boolean nextChild(int parentDepth) throws IOException {
        while (true) {
            skipWhitespace();
            int event = next();
            if (event == START_ELEMENT) {
                return true;
            }
            if (event == END_ELEMENT && depth < parentDepth) {
                return false;
            }
            if (event == END_DOCUMENT) {
                throw malformed(pos, "the document ends inside an element");
            }
        }
    }

    @Override
    public String text() throws IOException {
        if (pendingEmptyEnd) {
            pendingEmptyEnd = false;
            closeElement();
            return "";
        }
        String simple = simpleText();
        if (simple != null) {
            return simple;
        }
        StringBuilder all = null;
        int elementDepth = depth;
        while (true) {
            int event = next();
            if (event == CHARACTERS) {
                if (all == null) {
                    all = new StringBuilder(text.length() + 16);
                }
                all.append(text);
            } else if (event == START_ELEMENT) {
                skip();
            } else if (event == END_ELEMENT) {
                if (depth < elementDepth) {
                    return all == null ? "" : trim(all);
                }
            } else if (event == END_DOCUMENT) {
                throw malformed(pos, "the document ends inside <" + current.qualified + ">");
            }
        }
    }

    @Override
    public void skip() throws IOException {
        int elementDepth = depth;
        while (depth >= elementDepth) {
            if (next() == END_DOCUMENT) {
                throw malformed(pos, "the document ends inside an element");
            }
        }
    }

    /**
     * The common case read without a copy: the element's content is text needing no repair, followed by its own end
     * tag. Null when it is anything else, which the general path then reads.
     */
    private String simpleText() throws IOException {
        ensure(TAG_LOOKAHEAD);
        char[] s = src;
        int start = pos;
        int i = start;
        int end = len;
        while (i < end) {
            char c = s[i];
            if (c < 0x20 ? c != '\n' && c != '\t' : c == '<' || c == '&') {
                break;
            }
            i++;
        }
        if (i + 1 >= end || s[i] != '<' || s[i + 1] != '/') {
            return null;
        }
        int closed = endTagOf(current, i + 2, Math.min(end, i + TAG_LOOKAHEAD));
        if (closed < 0) {
            return null;
        }
        int from = start;
        int to = i;
        while (from < to && s[from] <= ' ') {
            from++;
        }
        while (to > from && s[to - 1] <= ' ') {
            to--;
        }
        if (i - start > maxTextChars) {
            throw textTooLong(start);
        }
        pos = closed;
        closeElement();
        return from == to ? "" : new String(s, from, to - from);
    }

    /** Index past the {@code >} of the end tag of {@code name} whose name starts at {@code i}, or -1. */
    private int endTagOf(Name name, int i, int limit) {
        char[] chars = name.chars;
        int n = chars.length;
        if (i + n >= limit || !sameChars(chars, src, i, n)) {
            return -1;
        }
        int j = i + n;
        if (src[j] == '>') {
            return j + 1;
        }
        j = skipSpace(j, limit);
        return j < limit && src[j] == '>' ? j + 1 : -1;
    }

    private void skipWhitespace() throws IOException {
        while (!pendingEmptyEnd && ensure(1)) {
            char[] s = src;
            int i = pos;
            int end = len;
            while (i < end) {
                char c = s[i];
                if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                    break;
                }
                i++;
            }
            pos = i;
            if (i < end) {
                return;
            }
        }
    }

    private int endOfInput() throws InputRejected {
        if (depth > 0) {
            throw malformed(pos, "the document ends inside <" + open[depth - 1].qualified + ">");
        }
        if (!rootSeen) {
            throw malformed(pos, "the document has no root element");
        }
        return END_DOCUMENT;
    }

    private void skipLeading() throws IOException {
        started = true;
        while (ensure(1) && src[pos] != '<') {
            if (src[pos] != '\uFEFF' || skippedLeadingChars > 0) {
                // A byte order mark is legal at the very start; the decoder leaves it in.
                skippedLeadingChars++;
            }
            pos++;
        }
        documentStart = consumedBefore + pos;
    }

    // ---- markup

    /**
     * Whether the {@code <} at {@link #pos} starts markup; for a tag, {@link #tagEnd} is set to the index past its
     * {@code >}.
     */
    private boolean markupAt() throws IOException {
        ensure(TAG_LOOKAHEAD);
        int limit = Math.min(len, pos + TAG_LOOKAHEAD);
        if (pos + 1 >= limit) {
            return false;
        }
        char next = src[pos + 1];
        if (next == '!' || next == '?') {
            return true;
        }
        if (next == '/') {
            // Nearly always the end tag of the open element: compared with its name, not scanned as a name.
            int closes = depth > 0 ? endTagOf(open[depth - 1], pos + 2, limit) : -1;
            closesOpenElement = closes > 0;
            tagEnd = closesOpenElement ? closes : endTagEnd(pos + 2, limit);
        } else {
            tagNameEnd = nameEnd(pos + 1, limit);
            tagEnd = tagNameEnd < 0 ? -1 : startTagEnd(tagNameEnd, limit);
        }
        return tagEnd > 0;
    }

    /** Reads the markup at {@link #pos}; returns its event, or 0 for one that makes none (comment, PI). */
    private int markup() throws IOException {
        char next = src[pos + 1];
        if (next == '/') {
            return endTag();
        }
        if (next == '?') {
            processingInstruction();
            return 0;
        }
        if (next != '!') {
            return startTag();
        }
        if (startsWith("<!--")) {
            pos += 4;
            skipPast("-->", "a comment");
            return 0;
        }
        if (startsWith("<![CDATA[")) {
            if (depth == 0) {
                throw malformed(pos, "a CDATA section outside the root element");
            }
            pos += 9;
            text.setLength(0);
            readCdata();
            return CHARACTERS;
        }
        if (startsWithIgnoreCase("<!DOCTYPE")) {
            throw InputRejected.because(XmlReportReader.DOCTYPE_REFUSED);
        }
        throw malformed(pos, "'<!' starts no comment, CDATA section or declaration");
    }

    private int startTag() throws IOException {
        if (depth == 0 && rootClosed) {
            throw malformed(pos, "a second root element");
        }
        int start = pos;
        int nameStart = pos + 1;
        int nameEnd = tagNameEnd;
        Name name = names.get(src, nameStart, nameEnd);
        if (name.invalid) {
            throw malformed(start, "<" + name.qualified + "> is not a valid element name");
        }
        boolean empty = src[tagEnd - 2] == '/';
        int depthBindings = bindings;
        if (src[nameEnd] != '>' && src[nameEnd] != '/') {
            attributes(nameEnd, empty ? tagEnd - 2 : tagEnd - 1);
        }
        if (depth == maxDepth) {
            throw InputRejected.overLimit(
                    "MAX_XML_DEPTH", maxDepth, "XML elements are nested more than " + maxDepth + " deep");
        }
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
            openNamespace = Arrays.copyOf(openNamespace, depth * 2);
            bindingsAtDepth = Arrays.copyOf(bindingsAtDepth, depth * 2);
        }
        String namespace = resolve(name.prefix, start);
        open[depth] = name;
        openNamespace[depth] = namespace;
        bindingsAtDepth[depth] = depthBindings;
        depth++;
        rootSeen = true;
        current = name;
        currentNamespace = namespace;
        pos = tagEnd;
        pendingEmptyEnd = empty;
        return START_ELEMENT;
    }

    private int endTag() throws InputRejected {
        int nameStart = pos + 2;
        if (depth == 0) {
            throw malformed(pos, "an end tag with no element open");
        }
        Name expected = open[depth - 1];
        if (!closesOpenElement) {
            String found = new String(src, nameStart, nameEnd(nameStart, tagEnd) - nameStart);
            throw malformed(pos, "</" + found + "> closes <" + expected.qualified + ">");
        }
        pos = tagEnd;
        closeElement();
        return END_ELEMENT;
    }

    private void closeElement() {
        depth--;
        current = open[depth];
        currentNamespace = openNamespace[depth];
        bindings = bindingsAtDepth[depth];
        if (depth == 0) {
            rootClosed = true;
        }
    }

    /** Reads the attributes between {@code from} and {@code to}: namespace declarations bind, other names checked. */
    private void attributes(int from, int to) throws InputRejected {
        List<Name> prefixed = null;
        List<Integer> prefixedAt = null;
        int i = skipSpace(from, to);
        while (i < to) {
            int nameStart = i;
            int nameEnd = nameEnd(i, to);
            int j = skipSpace(nameEnd, to) + 1; // past '='
            j = skipSpace(j, to);
            char quote = src[j];
            int valueStart = j + 1;
            int valueEnd = valueStart;
            while (src[valueEnd] != quote) {
                valueEnd++;
            }
            Name name = names.get(src, nameStart, nameEnd);
            if (name.invalid) {
                throw malformed(nameStart, "'" + name.qualified + "' is not a valid attribute name");
            }
            if (name.qualified.equals("xmlns")) {
                bind("", attributeValue(valueStart, valueEnd));
            } else if ("xmlns".equals(name.prefix)) {
                String uri = attributeValue(valueStart, valueEnd);
                if (uri.isEmpty()) {
                    throw malformed(nameStart, "the prefix " + name.local + " is bound to an empty namespace");
                }
                bind(name.local, uri);
            } else if (name.prefix != null) {
                if (prefixed == null) {
                    prefixed = new ArrayList<>(2);
                    prefixedAt = new ArrayList<>(2);
                }
                prefixed.add(name);
                prefixedAt.add(nameStart);
            }
            i = skipSpace(valueEnd + 1, to);
        }
        // Declarations apply to the whole tag, whatever their order, so prefixed attributes are checked after.
        for (int k = 0; prefixed != null && k < prefixed.size(); k++) {
            resolve(prefixed.get(k).prefix, prefixedAt.get(k));
        }
    }

    private String attributeValue(int from, int to) throws InputRejected {
        StringBuilder value = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            char c = src[i];
            if (c == '&') {
                int end = referenceEnd(i, to);
                if (end < 0) {
                    throw malformed(i, "an '&' in an attribute value starts no reference");
                }
                appendReference(value, i, end);
                i = end + 1;
            } else if (c == '\r' && i + 1 < to && src[i + 1] == '\n') {
                i++; // a CRLF is one line end, which becomes one space
            } else {
                value.append(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
                i++;
            }
        }
        return value.toString();
    }

    private void bind(String prefix, String uri) {
        if (bindings == boundPrefix.length) {
            boundPrefix = Arrays.copyOf(boundPrefix, bindings * 2);
            boundUri = Arrays.copyOf(boundUri, bindings * 2);
        }
        boundPrefix[bindings] = prefix;
        boundUri[bindings] = uri;
        bindings++;
    }

    /** The namespace a prefix (null: the default namespace) stands for here. */
    private String resolve(String prefix, int at) throws InputRejected {
        String wanted = prefix == null ? "" : prefix;
        for (int k = bindings - 1; k >= 0; k--) {
            if (boundPrefix[k].equals(wanted)) {
                return boundUri[k].isEmpty() ? null : boundUri[k];
            }
        }
        if (prefix == null) {
            return null;
        }
        if (prefix.equals("xml")) {
            return "http://www.w3.org/XML/1998/namespace";
        }
        throw malformed(at, "the namespace prefix '" + prefix + "' is not declared");
    }

    private void processingInstruction() throws IOException {
        int start = pos;
        int targetEnd = nameEnd(pos + 2, Math.min(len, pos + TAG_LOOKAHEAD));
        Name target = targetEnd < 0 ? null : names.get(src, pos + 2, targetEnd);
        if (target == null || target.invalid) {
            throw malformed(start, "a processing instruction with no target name");
        }
        if (target.prefix != null) {
            // Namespaces 1.0: a target is no qualified name, and Woodstox refused one with a colon.
            throw malformed(start, "a processing instruction's target has a colon");
        }
        // Like Woodstox, any control character counts as the space a target must be followed by.
        char afterTarget = targetEnd < len ? src[targetEnd] : '?';
        if (afterTarget > ' ' && !(afterTarget == '?' && targetEnd + 1 < len && src[targetEnd + 1] == '>')) {
            throw malformed(targetEnd, "a processing instruction's target is followed by neither space nor '?>'");
        }
        boolean declaration = targetEnd == pos + 5 && startsWithIgnoreCase("<?XML");
        if (declaration && consumedBefore + pos != documentStart) {
            // Only the very first thing in a document may be its XML declaration.
            throw malformed(start, "an XML declaration after the start of the document");
        }
        pos += 2;
        skipPast("?>", "a processing instruction");
    }

    private void skipPast(String terminator, String what) throws IOException {
        long startOffset = consumedBefore + pos;
        int n = terminator.length();
        while (true) {
            ensure(n);
            char[] s = src;
            int last = len - n;
            for (int i = pos; i <= last; i++) {
                if (s[i] == terminator.charAt(0) && matches(i, terminator)) {
                    pos = i + n;
                    return;
                }
            }
            if (inputDone && decoderFlushed) {
                throw malformedAt(startOffset, "the document ends inside " + what);
            }
            pos = Math.max(pos, last + 1);
            decodeMore();
        }
    }

    private boolean matches(int i, String s) {
        for (int k = 1; k < s.length(); k++) {
            if (src[i + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private void readCdata() throws IOException {
        long startOffset = consumedBefore + pos;
        while (true) {
            ensure(3);
            char[] s = src;
            int end = len;
            boolean last = inputDone && decoderFlushed;
            int i = pos;
            int runStart = i;
            boolean refill = false;
            while (i < end) {
                char c = s[i];
                if (c == ']') {
                    if (i + 2 >= end && !last) {
                        refill = true; // a terminator may be cut by the buffer's end: read more first
                        break;
                    }
                    if (i + 2 < end && s[i + 1] == ']' && s[i + 2] == '>') {
                        append(s, runStart, i - runStart);
                        pos = i + 3;
                        return;
                    }
                } else if (c < 0x20 && c != '\n' && c != '\t') {
                    append(s, runStart, i - runStart);
                    runStart = i;
                    if (c == '\r') {
                        if (i + 1 >= end && !last) {
                            refill = true; // whether a \n follows is not known yet
                            break;
                        }
                        text.append('\n');
                        if (i + 1 < end && s[i + 1] == '\n') {
                            i++;
                        }
                    } else {
                        droppedControlChars++;
                    }
                    runStart = i + 1;
                }
                i++;
            }
            append(s, runStart, i - runStart);
            pos = i;
            if (last && !refill) {
                throw malformedAt(startOffset, "the document ends inside a CDATA section");
            }
            decodeMore();
        }
    }

    // ---- text

    /** Reads text up to the next markup (or the end), repairing as it goes, into {@link #text}. */
    private void readText() throws IOException {
        long startOffset = consumedBefore + pos;
        while (ensure(1)) {
            char[] s = src;
            int i = pos;
            int end = len;
            while (i < end) {
                char c = s[i];
                if (c < 0x20 ? c != '\n' && c != '\t' : c == '<' || c == '&') {
                    break;
                }
                i++;
            }
            append(s, pos, i - pos);
            pos = i;
            if (i == end) {
                continue;
            }
            char c = s[i];
            if (c == '<') {
                if (markupAt()) {
                    return;
                }
                escapedLessThan++;
                text.append('<');
                pos++;
            } else if (c == '&') {
                reference();
            } else if (c == '\r') {
                text.append('\n');
                pos++;
                // Control characters are dropped before line ends are read, so a CR, a dropped character and an LF
                // are one line end.
                while (ensure(1) && src[pos] < 0x20 && src[pos] != '\n' && src[pos] != '\t' && src[pos] != '\r') {
                    droppedControlChars++;
                    pos++;
                }
                if (ensure(1) && src[pos] == '\n') {
                    pos++;
                }
            } else {
                droppedControlChars++;
                pos++;
            }
            if (text.length() > maxTextChars) {
                throw textTooLongAt(startOffset);
            }
        }
    }

    private void append(char[] s, int from, int count) throws InputRejected {
        if (count > 0) {
            text.append(s, from, count);
            if (text.length() > maxTextChars) {
                throw textTooLong(from);
            }
        }
    }

    private void reference() throws IOException {
        ensure(TAG_LOOKAHEAD);
        int end = referenceEnd(pos, Math.min(len, pos + TAG_LOOKAHEAD));
        if (end < 0) {
            escapedAmpersands++;
            text.append('&');
            pos++;
            return;
        }
        appendReference(text, pos, end);
        pos = end + 1;
    }

    /**
     * The index of the {@code ;} ending the reference that starts with the {@code &} at {@code i}, or -1 when what
     * follows is no character reference ({@code &#digits;}, {@code &#xhex;}) or predefined entity (without a DTD
     * only the five exist).
     */
    private int referenceEnd(int i, int limit) {
        int j = i + 1;
        if (j < limit && src[j] == '#') {
            j++;
            boolean hex = j < limit && src[j] == 'x';
            if (hex) {
                j++;
            }
            int digits = j;
            while (j < limit && Character.digit(src[j], hex ? 16 : 10) >= 0) {
                j++;
            }
            return j > digits && j < limit && src[j] == ';' ? j : -1;
        }
        int end = nameEnd(j, limit);
        return end > 0 && end < limit && src[end] == ';' && predefinedEntity(j, end) != 0 ? end : -1;
    }

    private void appendReference(StringBuilder to, int amp, int semicolon) throws InputRejected {
        if (src[amp + 1] != '#') {
            to.append(predefinedEntity(amp + 1, semicolon));
            return;
        }
        boolean hex = src[amp + 2] == 'x';
        int radix = hex ? 16 : 10;
        long value = 0;
        for (int k = hex ? amp + 3 : amp + 2; k < semicolon; k++) {
            char c = src[k];
            int digit = c < 128 ? Character.digit(c, radix) : -1;
            if (digit < 0) {
                throw malformed(amp, "a character reference with digits other than ASCII");
            }
            value = value * radix + digit;
            if (value > Character.MAX_CODE_POINT) {
                break;
            }
        }
        if (!isXmlChar(value)) {
            throw malformed(amp, "a character reference to a character XML does not allow");
        }
        to.appendCodePoint((int) value);
    }

    private static boolean isXmlChar(long c) {
        return c == 0x9
                || c == 0xA
                || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= Character.MAX_CODE_POINT);
    }

    private char predefinedEntity(int from, int to) {
        int n = to - from;
        char a = src[from];
        if (n == 2 && src[from + 1] == 't') {
            return a == 'l' ? '<' : a == 'g' ? '>' : 0;
        }
        if (n == 3 && a == 'a' && src[from + 1] == 'm' && src[from + 2] == 'p') {
            return '&';
        }
        if (n == 4) {
            if (a == 'q' && src[from + 1] == 'u' && src[from + 2] == 'o' && src[from + 3] == 't') {
                return '"';
            }
            if (a == 'a' && src[from + 1] == 'p' && src[from + 2] == 'o' && src[from + 3] == 's') {
                return '\'';
            }
        }
        return 0;
    }

    private static boolean isBlank(CharSequence s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
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

    // ---- the tag grammar (shared by the markup decision and the reading of a tag)

    /** Index just past the {@code >} of a well-formed end tag whose name starts at {@code i}, or -1. */
    private int endTagEnd(int i, int limit) {
        int j = nameEnd(i, limit);
        if (j < 0) {
            return -1;
        }
        j = skipSpace(j, limit);
        return j < limit && src[j] == '>' ? j + 1 : -1;
    }

    /** Index just past the {@code >} of a well-formed start tag whose name ends at {@code j}, or -1. */
    private int startTagEnd(int j, int limit) {
        while (j >= 0) {
            if (j >= limit) {
                return -1;
            }
            int afterSpace = skipSpace(j, limit);
            if (afterSpace >= limit) {
                return -1;
            }
            char c = src[afterSpace];
            if (c == '>') {
                return afterSpace + 1;
            }
            if (c == '/') {
                return afterSpace + 1 < limit && src[afterSpace + 1] == '>' ? afterSpace + 2 : -1;
            }
            if (afterSpace == j) {
                return -1; // an attribute must follow whitespace
            }
            j = attributeEnd(afterSpace, limit);
        }
        return -1;
    }

    private int attributeEnd(int i, int limit) {
        int j = nameEnd(i, limit);
        if (j < 0) {
            return -1;
        }
        j = skipSpace(j, limit);
        if (j >= limit || src[j] != '=') {
            return -1;
        }
        j = skipSpace(j + 1, limit);
        if (j >= limit) {
            return -1;
        }
        char quote = src[j];
        if (quote != '"' && quote != '\'') {
            return -1;
        }
        for (int k = j + 1; k < limit; k++) {
            if (src[k] == quote) {
                return k + 1;
            }
            if (src[k] == '<') {
                return -1;
            }
        }
        return -1;
    }

    private int nameEnd(int i, int limit) {
        if (i >= limit || !isNameStart(src[i])) {
            return -1;
        }
        int j = i + 1;
        while (j < limit && isNameChar(src[j])) {
            j++;
        }
        return j;
    }

    /**
     * Whether {@code name} is the {@code length} characters of {@code chars} from {@code from}. A plain loop: names
     * are short, and {@link Arrays#equals(char[], int, int, char[], int, int)} costs a call into a vectorized stub
     * that only pays off on long arrays.
     */
    private static boolean sameChars(char[] name, char[] chars, int from, int length) {
        if (name.length != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (name[k] != chars[from + k]) {
                return false;
            }
        }
        return true;
    }

    private int skipSpace(int i, int limit) {
        while (i < limit) {
            char c = src[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /** ASCII characters that may start an XML name; every character above 0xBF is allowed too. */
    private static final boolean[] NAME_START = new boolean[128];
    /** ASCII characters that may continue an XML name. */
    private static final boolean[] NAME_CHAR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            boolean start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
            NAME_START[c] = start;
            NAME_CHAR[c] = start || (c >= '0' && c <= '9') || c == '-' || c == '.';
        }
    }

    private static boolean isNameStart(char c) {
        return c < 128 ? NAME_START[c] : c > 0xBF;
    }

    private static boolean isNameChar(char c) {
        return c < 128 ? NAME_CHAR[c] : c > 0xBF || c == 0xB7;
    }

    private boolean startsWith(String prefix) {
        if (len - pos < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (src[pos + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWithIgnoreCase(String prefix) {
        if (len - pos < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (Character.toUpperCase(src[pos + k]) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    // ---- errors

    private InputRejected malformed(int index, String what) {
        return malformedAt(consumedBefore + index, what);
    }

    private static InputRejected malformedAt(long offset, String what) {
        return InputRejected.because("malformed XML at character " + (offset + 1) + ": " + what);
    }

    private InputRejected textTooLong(int index) {
        return textTooLongAt(consumedBefore + index);
    }

    private InputRejected textTooLongAt(long offset) {
        return malformedAt(offset, "a text longer than " + maxTextChars + " characters");
    }

    // ---- input

    /** Makes at least {@code n} undecoded characters available unless the input ends first; false if none are. */
    private boolean ensure(int n) throws IOException {
        while (len - pos < n && !(inputDone && decoderFlushed)) {
            decodeMore();
        }
        return len > pos;
    }

    private void decodeMore() throws IOException {
        if (pos > 0) {
            System.arraycopy(src, pos, src, 0, len - pos);
            len -= pos;
            consumedBefore += pos;
            pos = 0;
        }
        CharBuffer target = CharBuffer.wrap(src, len, src.length - len);
        while (true) {
            if (!bytes.hasRemaining() && !inputDone) {
                readBytes();
            }
            CoderResult result = decoder.decode(bytes, target, inputDone);
            if (result.isError()) {
                malformedBytes += result.length();
                bytes.position(bytes.position() + result.length());
                if (target.hasRemaining()) {
                    target.put('\uFFFD');
                }
                continue;
            }
            if (result.isOverflow()) {
                break;
            }
            // Underflow: need more bytes, or the input is done.
            if (inputDone) {
                CoderResult flushed = decoder.flush(target);
                if (!flushed.isOverflow()) {
                    decoderFlushed = true;
                }
                break;
            }
            if (target.position() > len) {
                break;
            }
            readBytes();
        }
        len = target.position();
    }

    private void readBytes() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            inputDone = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    // ---- names

    /** An element or attribute name as written, split at its colon. */
    private static final class Name {
        /** The longest element name made canonical ({@link #canonical}): report element names are 3 to 20. */
        static final int MAX_CANONICAL_NAME_CHARS = 40;

        final String qualified;
        final char[] chars;
        final String prefix;
        final String local;
        /**
         * More than one colon, or one at either end (not a name in a namespace-aware document), or a character
         * beyond ASCII that no XML name may hold (the tag grammar lets every one through to decide what is markup).
         */
        final boolean invalid;

        Name(String qualified) {
            this.qualified = qualified;
            this.chars = qualified.toCharArray();
            int colon = qualified.indexOf(':');
            boolean bad = colon == 0 || colon == qualified.length() - 1 || qualified.indexOf(':', colon + 1) >= 0;
            this.invalid = (colon >= 0 && bad) || !qualified.chars().allMatch(Name::mayBeInAName);
            this.prefix = colon > 0 ? qualified.substring(0, colon) : null;
            this.local = canonical(colon >= 0 ? qualified.substring(colon + 1) : qualified);
        }

        /**
         * The JVM's one instance of a short name, the same as the string constants a reader's {@code switch}
         * compares it with, so that comparison ends at the first identity check. A long name (only hostile input
         * has one) is left as it is: interned strings are collected like others, but need not be tried.
         */
        private static String canonical(String local) {
            return local.length() <= MAX_CANONICAL_NAME_CHARS ? local.intern() : local;
        }

        private static boolean mayBeInAName(int c) {
            if (c < 128 || c == 0xB7) {
                return true;
            }
            return switch (Character.getType(c)) {
                case Character.UPPERCASE_LETTER,
                        Character.LOWERCASE_LETTER,
                        Character.TITLECASE_LETTER,
                        Character.MODIFIER_LETTER,
                        Character.OTHER_LETTER,
                        Character.LETTER_NUMBER,
                        Character.DECIMAL_DIGIT_NUMBER,
                        Character.NON_SPACING_MARK,
                        Character.COMBINING_SPACING_MARK,
                        Character.ENCLOSING_MARK -> true;
                default -> false;
            };
        }
    }

    /**
     * The names met so far, so that reading a tag makes no string. Bounded: a name looks at {@link #PROBES} slots
     * from its hash's and takes the first free one, else the first: reports use a few dozen names.
     */
    private static final class NameTable {
        private static final int SIZE = 1024;
        private static final int PROBES = 4;
        private final Name[] slots = new Name[SIZE];

        Name get(char[] chars, int from, int to) {
            int length = to - from;
            // Length and three characters tell a report's few dozen names apart; a full 31x hash over every
            // character was a tenth of the parse (one multiply-add chain per character of every tag).
            int hash = length * 961 + chars[from] * 31 + chars[from + (length >> 1)] * 7 + chars[to - 1];
            int first = (hash ^ (hash >>> 7)) & (SIZE - 1);
            int free = -1;
            for (int p = 0; p < PROBES; p++) {
                int slot = (first + p) & (SIZE - 1);
                Name name = slots[slot];
                if (name == null) {
                    free = slot; // slots are never emptied: the name is not further on
                    break;
                }
                if (sameChars(name.chars, chars, from, length)) {
                    return name;
                }
            }
            Name name = new Name(new String(chars, from, to - from));
            slots[free >= 0 ? free : first] = name;
            return name;
        }
    }
}
