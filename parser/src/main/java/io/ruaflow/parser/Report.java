package io.ruaflow.parser;

import java.util.List;

/**
 * A whole report held in memory: its header, every record, and the warnings the lenient parser raised while
 * reading it. For very large reports prefer the streaming API, which never holds all records at once.
 */
public record Report(ReportHeader header, List<ReportRecord> records, List<String> warnings) {

    public Report {
        records = List.copyOf(records);
        warnings = List.copyOf(warnings);
    }

    /** The sum of the records' counts. @throws ArithmeticException when it does not fit in a long */
    public long messageCount() {
        long total = 0;
        for (ReportRecord record : records) {
            total = Math.addExact(total, record.count());
        }
        return total;
    }
}
