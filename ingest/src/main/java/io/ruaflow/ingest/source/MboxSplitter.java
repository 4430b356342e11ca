package io.ruaflow.ingest.source;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams the messages of an mbox file one at a time: a message starts at a {@code From } line at the start of the
 * file or after an empty line; the separator line is dropped and mboxrd quoting ({@code >From }) undone. A message
 * over {@code maxMessageBytes} is cut there and flagged, never held whole.
 */
final class MboxSplitter implements AutoCloseable {
    record Message(int index, byte[] bytes, boolean truncated) {}

    private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final long maxMessageBytes;
    private byte[] pendingLine;
    private int index;

    MboxSplitter(Path file, long maxMessageBytes) throws IOException {
        this.in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        this.maxMessageBytes = maxMessageBytes;
        this.pendingLine = readLine();
    }

    /** Whether the file starts like an mbox ({@code From } then a space-separated envelope line). */
    static boolean isMbox(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(FROM.length);
            return startsWith(head, FROM);
        }
    }

    /** The next message, or null at the end of the file. */
    Message next() throws IOException {
        while (pendingLine != null && !startsWith(pendingLine, FROM)) {
            pendingLine = readLine(); // garbage before the first separator
        }
        if (pendingLine == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean truncated = false;
        boolean previousBlank = false;
        byte[] line;
        while ((line = readLine()) != null) {
            if (previousBlank && startsWith(line, FROM)) {
                break;
            }
            previousBlank = isBlank(line);
            byte[] unquoted = unquote(line);
            if (out.size() + unquoted.length > maxMessageBytes) {
                truncated = true;
            } else {
                out.write(unquoted);
            }
        }
        pendingLine = line;
        return new Message(index++, out.toByteArray(), truncated);
    }

    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return b == -1 && line.size() == 0 ? null : line.toByteArray();
    }

    private static boolean isBlank(byte[] line) {
        return line.length == 1 && line[0] == '\n' || line.length == 2 && line[0] == '\r' && line[1] == '\n';
    }

    private static byte[] unquote(byte[] line) {
        int i = 0;
        while (i < line.length && line[i] == '>') {
            i++;
        }
        if (i > 0 && line.length - i >= FROM.length && regionStartsWith(line, i, FROM)) {
            byte[] out = new byte[line.length - 1];
            System.arraycopy(line, 1, out, 0, out.length);
            return out;
        }
        return line;
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        return line.length >= prefix.length && regionStartsWith(line, 0, prefix);
    }

    private static boolean regionStartsWith(byte[] line, int from, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (line[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
