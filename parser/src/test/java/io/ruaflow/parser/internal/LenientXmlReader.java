package io.ruaflow.parser.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes the bytes of an XML document and repairs what sloppy reporters get wrong before the XML parser sees it:
 * anything before the first {@code <} (BOM, whitespace), byte sequences that are not valid in the document's
 * encoding (become U+FFFD), a {@code <} or {@code &} in text that does not start markup or a reference (escaped),
 * and control characters XML forbids (dropped). Each repair is counted so that the report can say so.
 *
 * <p>A {@code <} starts markup when what follows is a well-formed start or end tag, comment, CDATA section,
 * processing instruction or declaration; anything else (for example {@code <bad@example.com>} or {@code a<b}) is
 * text.
 */
final class LenientXmlReader extends Reader {
    /** How far ahead a tag is looked at to decide whether it is markup; a longer "tag" is read as text. */
    private static final int TAG_LOOKAHEAD = 4096;

    private static final int CHUNK = 16384;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
    private final char[] src = new char[CHUNK + TAG_LOOKAHEAD];
    private int srcPos;
    private int srcLen;
    private boolean inputDone;
    private boolean decoderFlushed;

    private char[] out = new char[CHUNK * 2];
    private int outPos;
    private int outLen;

    private boolean started;
    /** Inside a comment, CDATA section or processing instruction: copy until this terminator. */
    private String copyUntil;

    private char prev1;
    private char prev2;

    int skippedLeadingChars;
    int malformedBytes;
    int escapedLessThan;
    int escapedAmpersands;
    int droppedControlChars;
    boolean doctypeSeen;

    LenientXmlReader(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outPos == outLen) {
            outPos = 0;
            outLen = 0;
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, cbuf, off, n);
        outPos += n;
        return n;
    }

    @Override
    public void close() {}

    /** Processes the next stretch of decoded characters into {@link #out}; false at end of input. */
    private boolean fill() throws IOException {
        if (!ensure(1)) {
            return false;
        }
        if (!started) {
            skipLeading();
            if (!ensure(1)) {
                return false;
            }
        }
        int budget = CHUNK;
        while (outLen < budget && ensure(1)) {
            if (copyUntil != null) {
                copyThroughTerminator();
                continue;
            }
            char c = src[srcPos];
            if (c == '<') {
                markup();
            } else if (c == '&') {
                reference();
            } else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                droppedControlChars++;
                srcPos++;
            } else {
                copyText();
            }
        }
        return outLen > 0 || ensure(1);
    }

    private void copyText() {
        int start = srcPos;
        int i = srcPos;
        int end = srcLen;
        char[] s = src;
        while (i < end) {
            char c = s[i];
            if (c == '<' || c == '&' || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                break;
            }
            i++;
        }
        emit(s, start, i - start);
        srcPos = i;
    }

    private void skipLeading() throws IOException {
        while (ensure(1) && src[srcPos] != '<') {
            char c = src[srcPos];
            if (c == '\uFEFF' && skippedLeadingChars == 0) {
                // A byte order mark is legal at the very start; the decoder leaves it in.
                srcPos++;
                continue;
            }
            skippedLeadingChars++;
            srcPos++;
        }
        started = true;
    }

    private void markup() throws IOException {
        ensure(TAG_LOOKAHEAD);
        int next = srcPos + 1 < srcLen ? src[srcPos + 1] : -1;
        if (next == '!') {
            if (startsWith(srcPos, "<!--")) {
                enterCopy(4, "-->");
            } else if (startsWith(srcPos, "<![CDATA[")) {
                enterCopy(9, "]]>");
            } else {
                if (startsWithIgnoreCase(srcPos, "<!DOCTYPE")) {
                    doctypeSeen = true;
                }
                emit(src, srcPos, 2);
                srcPos += 2;
            }
        } else if (next == '?') {
            enterCopy(2, "?>");
        } else {
            int tagEnd = next == '/' ? endTagEnd(srcPos + 2) : startTagEnd(srcPos + 1);
            if (tagEnd > 0) {
                emit(src, srcPos, tagEnd - srcPos);
                srcPos = tagEnd;
            } else {
                escapedLessThan++;
                emit("&lt;");
                srcPos++;
            }
        }
    }

    private void enterCopy(int prefix, String terminator) {
        emit(src, srcPos, prefix);
        srcPos += prefix;
        copyUntil = terminator;
        prev1 = 0;
        prev2 = 0;
    }

    private void copyThroughTerminator() throws IOException {
        String t = copyUntil;
        int n = t.length();
        char last = t.charAt(n - 1);
        int start = srcPos;
        int i = srcPos;
        char p1 = prev1;
        char p2 = prev2;
        while (i < srcLen) {
            char c = src[i++];
            if (c == last && (n == 2 ? p1 == t.charAt(0) : p2 == t.charAt(0) && p1 == t.charAt(1))) {
                copyUntil = null;
                break;
            }
            p2 = p1;
            p1 = c;
        }
        prev1 = p1;
        prev2 = p2;
        emit(src, start, i - start);
        srcPos = i;
    }

    /** Index just past the {@code >} of a well-formed end tag whose name starts at {@code i}, or -1. */
    private int endTagEnd(int i) {
        int j = nameEnd(i);
        if (j < 0) {
            return -1;
        }
        j = skipSpace(j);
        if (j >= srcLen) {
            return -1;
        }
        return src[j] == '>' ? j + 1 : -1;
    }

    /** Index just past the {@code >} of a well-formed start tag whose name starts at {@code i}, or -1. */
    private int startTagEnd(int i) {
        int j = nameEnd(i);
        while (j >= 0) {
            if (j >= srcLen) {
                return -1;
            }
            int afterSpace = skipSpace(j);
            if (afterSpace >= srcLen) {
                return -1;
            }
            char c = src[afterSpace];
            if (c == '>') {
                return afterSpace + 1;
            }
            if (c == '/') {
                return afterSpace + 1 < srcLen && src[afterSpace + 1] == '>' ? afterSpace + 2 : -1;
            }
            if (afterSpace == j) {
                return -1; // an attribute must follow whitespace
            }
            j = attributeEnd(afterSpace);
        }
        return -1;
    }

    private int attributeEnd(int i) {
        int j = nameEnd(i);
        if (j < 0) {
            return -1;
        }
        j = skipSpace(j);
        if (j >= srcLen || src[j] != '=') {
            return -1;
        }
        j = skipSpace(j + 1);
        if (j >= srcLen) {
            return -1;
        }
        char quote = src[j];
        if (quote != '"' && quote != '\'') {
            return -1;
        }
        for (int k = j + 1; k < srcLen; k++) {
            if (src[k] == quote) {
                return k + 1;
            }
            if (src[k] == '<') {
                return -1;
            }
        }
        return -1;
    }

    private int nameEnd(int i) {
        if (i >= srcLen || !isNameStart(src[i])) {
            return -1;
        }
        int j = i + 1;
        while (j < srcLen && isNameChar(src[j])) {
            j++;
        }
        return j;
    }

    private int skipSpace(int i) {
        while (i < srcLen) {
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

    private void reference() throws IOException {
        ensure(16);
        int j = srcPos + 1;
        boolean valid;
        if (j < srcLen && src[j] == '#') {
            j++;
            boolean hex = j < srcLen && src[j] == 'x';
            if (hex) {
                j++;
            }
            int digits = j;
            while (j < srcLen && (Character.digit(src[j], hex ? 16 : 10) >= 0)) {
                j++;
            }
            valid = j > digits && j < srcLen && src[j] == ';';
        } else {
            int end = nameEnd(j);
            // Without a DTD only the five predefined entities exist.
            valid = end > 0 && end < srcLen && src[end] == ';' && isPredefinedEntity(j, end);
        }
        if (valid) {
            emit(src, srcPos, 1);
        } else {
            escapedAmpersands++;
            emit("&amp;");
        }
        srcPos++;
    }

    private boolean isPredefinedEntity(int from, int to) {
        String name = new String(src, from, to - from);
        return name.equals("amp")
                || name.equals("lt")
                || name.equals("gt")
                || name.equals("quot")
                || name.equals("apos");
    }

    private boolean startsWith(int pos, String prefix) {
        if (srcLen - pos < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (src[pos + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWithIgnoreCase(int pos, String prefix) {
        if (srcLen - pos < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (Character.toUpperCase(src[pos + k]) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private void emit(String s) {
        for (int k = 0; k < s.length(); k++) {
            emitChar(s.charAt(k));
        }
    }

    private void emitChar(char c) {
        if (outLen == out.length) {
            grow(1);
        }
        out[outLen++] = c;
    }

    private void emit(char[] s, int off, int len) {
        if (outLen + len > out.length) {
            grow(len);
        }
        System.arraycopy(s, off, out, outLen, len);
        outLen += len;
    }

    private void grow(int extra) {
        char[] bigger = new char[Math.max(out.length * 2, outLen + extra)];
        System.arraycopy(out, 0, bigger, 0, outLen);
        out = bigger;
    }

    /** Makes at least {@code n} undecoded characters available unless the input ends first; false if none are. */
    private boolean ensure(int n) throws IOException {
        while (srcLen - srcPos < n && !(inputDone && decoderFlushed)) {
            decodeMore();
        }
        return srcLen > srcPos;
    }

    private void decodeMore() throws IOException {
        if (srcPos > 0) {
            System.arraycopy(src, srcPos, src, 0, srcLen - srcPos);
            srcLen -= srcPos;
            srcPos = 0;
        }
        CharBuffer target = CharBuffer.wrap(src, srcLen, src.length - srcLen);
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
                if (flushed.isOverflow()) {
                    break;
                }
                decoderFlushed = true;
                break;
            }
            if (target.position() > srcLen) {
                break;
            }
            readBytes();
        }
        srcLen = target.position();
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
}
