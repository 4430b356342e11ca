package io.ruaflow.store;

import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.EnrichingHandler;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.enricher.ReportRejected;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportKind;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.WholeReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The store as the sink of {@link EnrichingHandler}, with no transport in between (imports, uploads): each chunk of
 * enriched records is one {@link ReportStore#write}, the report's {@link ReportCompleted} rides in its last write,
 * and a report the store already holds is skipped whole. Not thread-safe, but of concurrent writers of one report
 * in this JVM (two uploads of the same file) exactly one stores it and the others see it stored: the report's uid
 * lock is held from {@link #begin} to its end. A report whose input fails part-way is written as a
 * {@link ReportRejected} ({@link EnrichingHandler#abandon}): its records never count. Store failures propagate to
 * the parser's caller, who must then {@link #release()}.
 */
public final class ReportWriter implements EnrichingHandler.Sink {
    /**
     * What became of one report: written, or skipped because the store already held it.
     *
     * @param header the aggregate report's header; null for a report of another kind
     * @param whole the report of another kind (SMTP TLS, failure); null for an aggregate
     * @param records the aggregate's records; 0 for another kind
     * @param messages the aggregate's messages; 0 for another kind
     */
    public record Outcome(
            ReportHeader header,
            long records,
            long messages,
            List<String> warnings,
            boolean duplicate,
            WholeReport whole) {
        static Outcome of(ReportCompleted report, boolean duplicate) {
            return new Outcome(
                    report.report(), report.recordCount(), report.messageCount(), report.warnings(), duplicate, null);
        }

        static Outcome of(WholeReport report, boolean duplicate) {
            return new Outcome(null, 0, 0, report.warnings(), duplicate, report);
        }

        public ReportKind kind() {
            return whole == null ? ReportKind.AGGREGATE : whole.kind();
        }

        public String reportUid() {
            return whole == null ? header.reportUid() : whole.reportUid();
        }

        public ReportSource source() {
            return whole == null ? header.source() : whole.source();
        }
    }

    /** Locks striped by report uid; two writers of different reports rarely share one. */
    static final int REPORT_LOCKS = 64;

    private static final Lock[] LOCKS = new Lock[REPORT_LOCKS];

    static {
        for (int i = 0; i < REPORT_LOCKS; i++) {
            LOCKS[i] = new ReentrantLock();
        }
    }

    private final ReportStore store;
    private final Consumer<Outcome> onReport;
    private Lock held;

    public ReportWriter(ReportStore store, Consumer<Outcome> onReport) {
        this.store = Objects.requireNonNull(store, "store");
        this.onReport = Objects.requireNonNull(onReport, "onReport");
    }

    @Override
    public boolean begin(ReportHeader header) {
        release();
        held = LOCKS[Math.floorMod(String.valueOf(header.reportUid()).hashCode(), REPORT_LOCKS)];
        held.lock();
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
            release();
            onReport.accept(Outcome.of(completed, false));
        }
    }

    @Override
    public void skipped(ReportCompleted report) {
        release();
        onReport.accept(Outcome.of(report, true));
    }

    /**
     * The input failed part-way through the report being written: it is stored as rejected with the reason (the
     * records written before the failure never count, since the report never completes) and its lock released.
     */
    @Override
    public void rejected(ReportRejected report) {
        try {
            store.write(List.of(report));
        } finally {
            release();
        }
    }

    /** A report of another kind: written in one batch unless the store already holds it, under its uid's lock. */
    @Override
    public void whole(WholeReportMessage report) {
        release();
        held = LOCKS[Math.floorMod(report.reportUid().hashCode(), REPORT_LOCKS)];
        held.lock();
        boolean duplicate;
        try {
            duplicate = store.containsReport(report.reportUid());
            if (!duplicate) {
                store.write(List.of(report));
            }
        } finally {
            release();
        }
        onReport.accept(Outcome.of(report.report(), duplicate));
    }

    /** Releases the lock of the report being written, if any: call it when the input failed. Safe to repeat. */
    public void release() {
        if (held != null) {
            held.unlock();
            held = null;
        }
    }
}
