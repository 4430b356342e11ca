package io.ruaflow.parser.internal;

import java.io.BufferedInputStream;
import java.io.IOException;

/** What a stretch of bytes holds, told by its first bytes alone: names and declared types are only hints. */
enum Packaging {
    EMPTY("nothing"),
    GZIP("gzip data"),
    ZIP("a zip archive"),
    EMPTY_ZIP("an empty zip archive"),
    XML("XML"),
    MAIL("a mail"),
    UNKNOWN("unrecognized data");

    static final int PEEK_BYTES = 1024;

    final String description;

    Packaging(String description) {
        this.description = description;
    }

    /** Looks at the first bytes of {@code in} without consuming them. */
    static Packaging sniff(BufferedInputStream in) throws IOException {
        in.mark(PEEK_BYTES);
        byte[] head = in.readNBytes(PEEK_BYTES);
        in.reset();
        return of(head, head.length);
    }

    static Packaging of(byte[] head, int n) {
        if (n == 0) {
            return EMPTY;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return GZIP;
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K') {
            if ((head[2] == 3 && head[3] == 4) || (head[2] == 7 && head[3] == 8)) {
                return ZIP;
            }
            if (head[2] == 5 && head[3] == 6) {
                return EMPTY_ZIP;
            }
        }
        int i = 0;
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            i = 3;
        } else if (n >= 2
                && (((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF)
                        || ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE))) {
            return XML; // UTF-16 byte order mark
        }
        while (i < n && isSpace(head[i])) {
            i++;
        }
        if (i == n) {
            return UNKNOWN;
        }
        if (head[i] == '<') {
            return XML;
        }
        return looksLikeHeader(head, i, n) ? MAIL : UNKNOWN;
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

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
