package io.ruaflow.parser;

import java.util.List;

/**
 * Receives one input's reports as they are read, so that a report with a million records never sits in memory
 * whole. For each report found: {@link #header} once, then {@link #record} for each record in document order, then
 * {@link #end}. An input (a mail, a zip) may hold several reports.
 */
public interface ReportHandler {
    void header(ReportHeader header);

    void record(ReportRecord record);

    /** The report is complete; {@code warnings} lists every lenient recovery made while reading it. */
    void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings);
}
