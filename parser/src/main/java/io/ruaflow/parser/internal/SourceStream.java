package io.ruaflow.parser.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Marks I/O failures of the raw input so that they are not mistaken for corrupt data. */
public final class SourceStream extends FilterInputStream {
    public SourceStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw new SourceReadFailed(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw new SourceReadFailed(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw new SourceReadFailed(e);
        }
    }
}
