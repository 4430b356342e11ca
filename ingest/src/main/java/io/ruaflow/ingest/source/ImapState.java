package io.ruaflow.ingest.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The poller's memory across restarts: the folder's UIDVALIDITY and the highest UID handled. Written atomically
 * (temp file + rename) after every handled mail.
 */
record ImapState(long uidValidity, long lastUid) {
    static ImapState load(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return new ImapState(-1, 0);
        }
        Properties props = new Properties();
        try (var in = Files.newInputStream(file)) {
            props.load(in);
        }
        return new ImapState(
                Long.parseLong(props.getProperty("uidvalidity", "-1")),
                Long.parseLong(props.getProperty("last.uid", "0")));
    }

    void save(Path file) throws IOException {
        if (file == null) {
            return;
        }
        Properties props = new Properties();
        props.setProperty("uidvalidity", Long.toString(uidValidity));
        props.setProperty("last.uid", Long.toString(lastUid));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            props.store(out, "ruaflow IMAP poller state: do not edit while it runs");
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
