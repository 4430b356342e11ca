package io.ruaflow.parser.internal;

import io.ruaflow.parser.ReportHeader;

/**
 * A report whose records have all been delivered but whose {@code end} is held back until the layers around it
 * (a gzip stream, a zip entry) are finished, so that they can still add warnings.
 */
final class PendingReport {
    final ReportHeader header;
    final long recordCount;
    final long messageCount;
    final Warnings warnings;

    PendingReport(ReportHeader header, long recordCount, long messageCount, Warnings warnings) {
        this.header = header;
        this.recordCount = recordCount;
        this.messageCount = messageCount;
        this.warnings = warnings;
    }
}
