package io.ruaflow.parser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Raw bytes that may hold reports (XML, gzip, zip, a whole mail), with the name used in messages and logs. The
 * bytes can be opened more than once (once to hash, unless {@link #withSha256} says it, once to parse), so a large file is streamed from disk and
 * never loaded whole.
 */
public final class ReportInput {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final String name;
    private final byte[] bytes;
    private final Path path;
    private final String sha256;

    private ReportInput(String name, byte[] bytes, Path path, String sha256) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = bytes;
        this.path = path;
        this.sha256 = sha256;
    }

    public static ReportInput ofBytes(String name, byte[] bytes) {
        return new ReportInput(name, Objects.requireNonNull(bytes, "bytes"), null, null);
    }

    public static ReportInput ofFile(Path path) {
        return new ReportInput(path.toString(), null, Objects.requireNonNull(path, "path"), null);
    }

    public String name() {
        return name;
    }

    /**
     * This input with its sha256 already known (lower-case hex, as {@link ReportUid#sha256Hex} writes it), so the
     * parser reads the bytes once instead of twice: the ingest source hashed them when it published them. Anything
     * else (null, not 64 hex digits) is ignored and the parser hashes the bytes itself.
     */
    public ReportInput withSha256(String hex) {
        return hex != null && SHA256_HEX.matcher(hex).matches() ? new ReportInput(name, bytes, path, hex) : this;
    }

    /** The sha256 given by {@link #withSha256}, or null when the parser must compute it. */
    public String knownSha256() {
        return sha256;
    }

    /** A fresh stream over the raw bytes; the caller closes it. */
    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(path);
    }

    /** The raw bytes when they are in memory (not to be changed), else null. */
    byte[] bytesInMemory() {
        return bytes;
    }

    public long size() throws IOException {
        return bytes != null ? bytes.length : Files.size(path);
    }
}
