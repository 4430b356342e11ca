package io.ruaflow.store;

import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes what the parser reads straight into a store, with no transport in between (imports, uploads): each
 * report's records are enriched and written in chunks of {@link #CHUNK_RECORDS} with their running positions, its
 * {@link ReportCompleted} in the last write, and a report the store already holds is skipped whole. One instance
 * per input; not thread-safe. Store failures propagate to the parser's caller.
 */
public final class ReportWriter implements ReportHandler {
    /** Records enriched and written together; bounds the memory one report holds. */
    public static final int CHUNK_RECORDS = 5_000;

    /** What became of one report: written, or skipped because the store already held it. */
    public record Outcome(ReportHeader header, long records, long messages, List<String> warnings, boolean duplicate) {}

    private final ReportStore store;
    private final Enricher enricher;
    private final Consumer<Outcome> onReport;
    private final List<ReportRecord> chunk = new ArrayList<>();
    private ReportHeader header;
    private boolean duplicate;
    private long position;
    private long recordsWritten;

    public ReportWriter(ReportStore store, Enricher enricher, Consumer<Outcome> onReport) {
        this.store = Objects.requireNonNull(store, "store");
        this.enricher = Objects.requireNonNull(enricher, "enricher");
        this.onReport = Objects.requireNonNull(onReport, "onReport");
    }

    @Override
    public void header(ReportHeader reportHeader) {
        header = reportHeader;
        duplicate = store.containsReport(reportHeader.reportUid());
        position = 0;
        chunk.clear();
    }

    @Override
    public void record(ReportRecord record) {
        if (duplicate) {
            return;
        }
        chunk.add(record);
        if (chunk.size() >= CHUNK_RECORDS) {
            write(List.of());
        }
    }

    @Override
    public void end(ReportHeader reportHeader, long recordCount, long messageCount, List<String> warnings) {
        if (!duplicate) {
            write(List.of(ReportCompleted.of(reportHeader, recordCount, messageCount, warnings)));
        }
        onReport.accept(new Outcome(reportHeader, recordCount, messageCount, warnings, duplicate));
    }

    /** Records written so far by this writer, across its reports, including those of a report that failed later. */
    public long recordsWritten() {
        return recordsWritten;
    }

    private void write(List<RecordsMessage> tail) {
        List<RecordsMessage> batch = new ArrayList<>(chunk.size() + tail.size());
        if (!chunk.isEmpty()) {
            batch.addAll(enricher.enrich(header, List.copyOf(chunk), position));
            position += chunk.size();
            recordsWritten += chunk.size();
            chunk.clear();
        }
        batch.addAll(tail);
        if (!batch.isEmpty()) {
            store.write(batch);
        }
    }
}
