package io.ruaflow.parser.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes decompressed from one input and rejects it once they pass {@code MAX_DECOMPRESSED_BYTES}. */
final class ByteBudget {
    private final long max;
    private long used;

    ByteBudget(long max) {
        this.max = max;
    }

    void spend(long bytes) throws InputRejected {
        used += bytes;
        if (used > max) {
            throw InputRejected.overLimit(
                    "MAX_DECOMPRESSED_BYTES", max, "decompressed data is larger than " + max + " bytes");
        }
    }

    /** A view of {@code in} that spends from this budget and never closes {@code in}. */
    InputStream meter(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    spend(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    spend(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                byte[] sink = new byte[(int) Math.min(n, 8192)];
                int read = read(sink, 0, sink.length);
                return Math.max(read, 0);
            }

            @Override
            public boolean markSupported() {
                return false;
            }

            @Override
            public void close() {}
        };
    }
}
