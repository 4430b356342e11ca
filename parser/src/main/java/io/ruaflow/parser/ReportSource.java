package io.ruaflow.parser;

/** Where a report came from: a display name (file path, mailbox + UID, upload name) and the sha256 of the raw bytes. */
public record ReportSource(String file, String sha256) {}
