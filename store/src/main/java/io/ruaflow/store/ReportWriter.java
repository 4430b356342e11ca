package io.ruaflow.store;

import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.enricher.ReportRejected;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportRejectedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes what the parser reads straight into a store, with no transport in between (imports, uploads): each
 * report's records are enriched and written in chunks of {@link #CHUNK_RECORDS} with their running positions, its
 * {@link ReportCompleted} in the last write, and a report the store already holds is skipped whole. A report whose
 * input fails part-way is written as a {@link ReportRejected} (see {@link #ingest}): its records never count. One
 * instance per input; not thread-safe. Store failures propagate to the parser's caller.
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
    private boolean inProgress;
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
        inProgress = true;
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
        inProgress = false;
        if (!duplicate) {
            write(List.of(ReportCompleted.of(reportHeader, recordCount, messageCount, warnings)));
        }
        onReport.accept(new Outcome(reportHeader, recordCount, messageCount, warnings, duplicate));
    }

    /**
     * Parses {@code input} into the store. When the input fails part-way through a report, the report is stored as
     * rejected with the reason (the records written before the failure never count, since the report is never
     * completed) and the failure is rethrown; reports completed before it stay.
     */
    public int ingest(ReportParser parser, ReportInput input) throws ReportRejectedException, IOException {
        return ingest(parser, input, this);
    }

    /** As {@link #ingest(ReportParser, ReportInput)}, the parser's calls passing through {@code via} to this writer. */
    public int ingest(ReportParser parser, ReportInput input, ReportHandler via)
            throws ReportRejectedException, IOException {
        try {
            return parser.parse(input, via);
        } catch (ReportRejectedException e) {
            abandon(e.reason());
            throw e;
        } catch (IOException e) {
            abandon("cannot read: " + e.getMessage());
            throw e;
        }
    }

    private void abandon(String reason) {
        if (!inProgress || duplicate) {
            return;
        }
        inProgress = false;
        long recordsBefore = position + chunk.size();
        chunk.clear();
        store.write(List.of(ReportRejected.of(header, recordsBefore, reason)));
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
