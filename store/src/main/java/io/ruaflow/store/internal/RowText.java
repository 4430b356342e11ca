package io.ruaflow.store.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Writes {@link Rows} rows as ClickHouse TabSeparated, encoding UTF-8 straight into its own buffer (no intermediate
 * strings): NULL is {@code \N}; backslash, tab, newline and carriage return are backslash-escaped. An unpaired
 * surrogate becomes {@code ?}, as {@link String#getBytes} would make it.
 *
 * Not thread-safe; {@link #flush} (or {@link #close}) writes out what is buffered.
 */
final class RowText implements AutoCloseable {
    /** Bytes buffered before a write to the underlying stream. */
    static final int BUFFER_BYTES = 1 << 16;

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int n;

    RowText(OutputStream out) {
        this.out = out;
    }

    void tsv(Object[] row) throws IOException {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            Object value = row[i];
            if (value == null) {
                put((byte) '\\');
                put((byte) 'N');
            } else if (value instanceof String text) {
                text(text);
            } else {
                plain(value);
            }
        }
        put((byte) '\n');
    }

    private void plain(Object value) throws IOException {
        if (value instanceof Long || value instanceof Integer) {
            number(((Number) value).longValue());
        } else if (value instanceof LocalDate date) {
            ascii(date.toString());
        } else {
            text(value.toString());
        }
    }

    private void number(long value) throws IOException {
        if (value == Long.MIN_VALUE) {
            ascii(Long.toString(value));
            return;
        }
        if (n + 20 > buf.length) {
            flushBuffer();
        }
        if (value < 0) {
            buf[n++] = '-';
            value = -value;
        }
        int start = n;
        do {
            buf[n++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = n - 1; i < j; i++, j--) {
            byte b = buf[i];
            buf[i] = buf[j];
            buf[j] = b;
        }
    }

    private void ascii(String text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            put((byte) text.charAt(i));
        }
    }

    /** Text as UTF-8, backslash and control separators escaped. */
    private void text(String text) throws IOException {
        if (text.indexOf('\\') < 0 && text.indexOf('\t') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            // Nothing to escape (the usual case): the JDK's encoder, which copies ASCII in bulk.
            bytes(text.getBytes(StandardCharsets.UTF_8));
            return;
        }
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (n + 4 > buf.length) {
                flushBuffer();
            }
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> {
                        buf[n++] = '\\';
                        buf[n++] = '\\';
                    }
                    case '\t' -> {
                        buf[n++] = '\\';
                        buf[n++] = 't';
                    }
                    case '\n' -> {
                        buf[n++] = '\\';
                        buf[n++] = 'n';
                    }
                    case '\r' -> {
                        buf[n++] = '\\';
                        buf[n++] = 'r';
                    }
                    default -> buf[n++] = (byte) c;
                }
            } else if (c < 0x800) {
                buf[n++] = (byte) (0xc0 | (c >> 6));
                buf[n++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, text.charAt(++i));
                    buf[n++] = (byte) (0xf0 | (cp >> 18));
                    buf[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    buf[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    buf[n++] = (byte) (0x80 | (cp & 0x3f));
                } else {
                    buf[n++] = '?';
                }
            } else {
                buf[n++] = (byte) (0xe0 | (c >> 12));
                buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[n++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    private void bytes(byte[] bytes) throws IOException {
        if (bytes.length > buf.length - n) {
            flushBuffer();
            if (bytes.length > buf.length) {
                out.write(bytes);
                return;
            }
        }
        System.arraycopy(bytes, 0, buf, n, bytes.length);
        n += bytes.length;
    }

    private void put(byte b) throws IOException {
        if (n == buf.length) {
            flushBuffer();
        }
        buf[n++] = b;
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, n);
        n = 0;
    }

    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    /** Flushes; the underlying stream stays open (its owner closes it). */
    @Override
    public void close() throws IOException {
        flush();
    }
}
