package io.ruaflow.store.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Writes {@link Rows} rows of one table in ClickHouse's RowBinary format, the same on every server from 18.16 on:
 * each value in {@link Schema} column order; a nullable column is prefixed by one byte (1 = NULL, then nothing
 * more); String is its UTF-8 length as an unsigned LEB128 varint, then the bytes; Int64, Int32 and UInt8
 * little-endian; Date the days since 1970-01-01 as UInt16. An unpaired surrogate becomes {@code ?}, as
 * {@link String#getBytes} makes it. Not thread-safe; {@link #close} writes out what is buffered.
 */
final class RowBinary implements AutoCloseable {
    /** Bytes buffered before a write to the underlying stream. */
    static final int BUFFER_BYTES = 1 << 16;
    /** The last day a ClickHouse Date (UInt16 days) can hold. */
    static final LocalDate MAX_DATE = LocalDate.ofEpochDay(0xFFFF);

    private final OutputStream out;
    private final Schema.Type[] types;
    private final boolean[] nullable;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int n;

    RowBinary(OutputStream out, Schema.Table table) {
        this.out = out;
        int columns = table.columns().size();
        this.types = new Schema.Type[columns];
        this.nullable = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            types[i] = table.columns().get(i).type();
            nullable[i] = table.columns().get(i).nullable();
        }
    }

    void row(Object[] row) throws IOException {
        if (row.length != types.length) {
            throw new IllegalArgumentException("row has " + row.length + " values for " + types.length + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (n + 9 > buf.length) {
                flushBuffer();
            }
            if (nullable[i]) {
                buf[n++] = (byte) (value == null ? 1 : 0);
                if (value == null) {
                    continue;
                }
            } else if (value == null) {
                throw new IllegalArgumentException("column " + i + " is not nullable but the value is null");
            }
            switch (types[i]) {
                case TEXT -> text((String) value);
                case LONG -> littleEndian(((Number) value).longValue(), 8);
                case INT -> littleEndian(((Number) value).intValue(), 4);
                case FLAG -> buf[n++] = ((Number) value).byteValue();
                case DATE -> littleEndian(days((LocalDate) value), 2);
            }
        }
    }

    private static long days(LocalDate date) {
        long days = date.toEpochDay();
        if (days < 0 || days > 0xFFFF) {
            throw new IllegalArgumentException(
                    "day " + date + " is outside what a ClickHouse Date holds (1970-01-01.." + MAX_DATE + ")");
        }
        return days;
    }

    /** Writes the low {@code bytes} bytes of {@code value}; the caller made room for 8. */
    private void littleEndian(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            buf[n++] = (byte) (value >>> (8 * i));
        }
    }

    private void text(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long length = bytes.length;
        do {
            byte b = (byte) (length & 0x7F);
            length >>>= 7;
            buf[n++] = length == 0 ? b : (byte) (b | 0x80);
        } while (length != 0);
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

    private void flushBuffer() throws IOException {
        out.write(buf, 0, n);
        n = 0;
    }

    /** Flushes; the underlying stream stays open (its owner closes it). */
    @Override
    public void close() throws IOException {
        flushBuffer();
        out.flush();
    }
}
