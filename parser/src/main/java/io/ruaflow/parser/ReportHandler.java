package io.ruaflow.parser;

import java.util.List;

/**
 * Receives one input's reports as they are read, so that a report with a million records never sits in memory
 * whole. For each aggregate report found: {@link #header} once, then {@link #record} for each record in document
 * order, then {@link #end}. Each report of another kind arrives whole through {@link #whole}, after the layers
 * around it (a gzip stream, an attachment) were read to their end. An input (a mail, a zip) may hold several
 * reports of several kinds.
 */
public interface ReportHandler {
    void header(ReportHeader header);

    void record(ReportRecord record);

    /** The report is complete; {@code warnings} lists every lenient recovery made while reading it. */
    void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings);

    /**
     * A complete report of a kind other than aggregate. The default refuses it, so that a handler written for
     * aggregates only never drops one silently: the input is then rejected with this exception's message.
     */
    default void whole(WholeReport report) {
        throw new UnsupportedOperationException("this reader takes DMARC aggregate reports only, not "
                + report.kind().description() + "s");
    }
}
