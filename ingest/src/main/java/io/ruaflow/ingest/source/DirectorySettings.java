package io.ruaflow.ingest.source;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a folder is imported.
 *
 * @param processed where imported files are moved, keeping their path relative to the root (default
 *     {@code ROOT/processed})
 * @param invalid where files with no report are moved ({@code ROOT/invalid})
 * @param pollInterval pause between scans; zero scans once and returns
 * @param maxInflight inputs published but not yet acknowledged before the source waits
 * @param maxInputBytes larger files (and mbox messages) are moved to {@code invalid} unread
 * @param settle while polling, how long a file must have stayed unchanged before it is read, so that a file still
 *     being copied in is not read half-written; a one-time scan reads every file at once
 */
public record DirectorySettings(
        Path processed, Path invalid, Duration pollInterval, int maxInflight, long maxInputBytes, Duration settle) {
    /** Default bound on one input: a report mail is kilobytes to a few megabytes. */
    public static final long DEFAULT_MAX_INPUT_BYTES = 64L * 1024 * 1024;
    /** The configuration key that raises {@code maxInputBytes}, named by every message about that limit. */
    public static final String MAX_INPUT_BYTES_KEY = "ingest.max.input.bytes";
    /** Default quiet time before a polled file is read: a copy in progress writes far more often than this. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(2);

    public static DirectorySettings defaultsFor(Path root) {
        return new DirectorySettings(
                root.resolve("processed"),
                root.resolve("invalid"),
                Duration.ZERO,
                1_000,
                DEFAULT_MAX_INPUT_BYTES,
                DEFAULT_SETTLE);
    }

    public DirectorySettings withPollInterval(Duration interval) {
        return new DirectorySettings(processed, invalid, interval, maxInflight, maxInputBytes, settle);
    }
}
