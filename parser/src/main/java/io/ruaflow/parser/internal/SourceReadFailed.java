package io.ruaflow.parser.internal;

import java.io.IOException;

/** An I/O failure of the raw input itself (disk, network), as opposed to corrupt data inside it. */
public final class SourceReadFailed extends IOException {
    private static final long serialVersionUID = 1L;

    public SourceReadFailed(IOException cause) {
        super(cause.getMessage(), cause);
    }

    public IOException original() {
        return (IOException) getCause();
    }
}
