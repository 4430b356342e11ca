package io.ruaflow.parser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Raw bytes that may hold reports (XML, gzip, zip, a whole mail), with the name used in messages and logs. The
 * bytes can be opened more than once (once to hash, once to parse), so a large file is streamed from disk and
 * never loaded whole.
 */
public final class ReportInput {
    private final String name;
    private final byte[] bytes;
    private final Path path;

    private ReportInput(String name, byte[] bytes, Path path) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = bytes;
        this.path = path;
    }

    public static ReportInput ofBytes(String name, byte[] bytes) {
        return new ReportInput(name, Objects.requireNonNull(bytes, "bytes"), null);
    }

    public static ReportInput ofFile(Path path) {
        return new ReportInput(path.toString(), null, Objects.requireNonNull(path, "path"));
    }

    public String name() {
        return name;
    }

    /** A fresh stream over the raw bytes; the caller closes it. */
    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(path);
    }

    public long size() throws IOException {
        return bytes != null ? bytes.length : Files.size(path);
    }
}
