package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where raw reports come from, for the roles that ingest: a mailbox or a folder, not both. */
final class SourceOptions {
    @Option(names = "--imap", paramLabel = "URL", description = "Mailbox: imaps://user@host/INBOX (imap.url).")
    String imap;

    @Option(names = "--dir", paramLabel = "PATH", description = "Folder, Maildir or mbox files (ingest.dir).")
    Path dir;

    boolean given() {
        return imap != null || dir != null;
    }

    /** Records the chosen source as configuration flags, which win over the environment and the config file. */
    void putInto(Map<String, String> flags) {
        flags.put(PipelineConfig.IMAP_URL.name(), imap);
        flags.put(PipelineConfig.INGEST_DIR.name(), dir == null ? null : dir.toString());
    }
}
