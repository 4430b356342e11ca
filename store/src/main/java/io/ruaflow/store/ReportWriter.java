package io.ruaflow.store;

import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.EnrichingHandler;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.parser.ReportHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The store as the sink of {@link EnrichingHandler}, with no transport in between (imports, uploads): each chunk of
 * enriched records is one {@link ReportStore#write}, the report's {@link ReportCompleted} rides in its last write,
 * and a report the store already holds is skipped whole. Not thread-safe. Store failures propagate to the parser's
 * caller.
 */
public final class ReportWriter implements EnrichingHandler.Sink {
    /** What became of one report: written, or skipped because the store already held it. */
    public record Outcome(ReportHeader header, long records, long messages, List<String> warnings, boolean duplicate) {
        static Outcome of(ReportCompleted report, boolean duplicate) {
            return new Outcome(
                    report.report(), report.recordCount(), report.messageCount(), report.warnings(), duplicate);
        }
    }

    private final ReportStore store;
    private final Consumer<Outcome> onReport;

    public ReportWriter(ReportStore store, Consumer<Outcome> onReport) {
        this.store = Objects.requireNonNull(store, "store");
        this.onReport = Objects.requireNonNull(onReport, "onReport");
    }

    @Override
    public boolean begin(ReportHeader header) {
        return !store.containsReport(header.reportUid());
    }

    @Override
    public void accept(ReportHeader header, List<EnrichedRecord> records, ReportCompleted completed) {
        List<RecordsMessage> batch = new ArrayList<>(records.size() + 1);
        batch.addAll(records);
        if (completed != null) {
            batch.add(completed);
        }
        if (!batch.isEmpty()) {
            store.write(batch);
        }
        if (completed != null) {
            onReport.accept(Outcome.of(completed, false));
        }
    }

    @Override
    public void skipped(ReportCompleted report) {
        onReport.accept(Outcome.of(report, true));
    }
}
