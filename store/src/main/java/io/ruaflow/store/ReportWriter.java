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
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 *
 * <p>Given a {@link Batch}, the writes of many small reports are gathered and made as one (an import of thousands of
 * report mails, each a handful of records, commits once per batch rather than once per report); a report's outcome
 * is told once the write holding it has been made.
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

    /**
     * Writes gathered from many reports, made as one {@link ReportStore#write} once they hold
     * {@code maxMessages} messages, or on {@link #flush}. For one thread (an import); flush it before the store
     * closes.
     */
    public static final class Batch {
        private final ReportStore store;
        private final int maxMessages;
        private final List<RecordsMessage> messages = new ArrayList<>();
        private final List<Runnable> afterWrite = new ArrayList<>();
        private final Set<String> completed = new HashSet<>();

        public Batch(ReportStore store, int maxMessages) {
            this.store = Objects.requireNonNull(store, "store");
            if (maxMessages < 1) {
                throw new IllegalArgumentException("a batch holds at least one message: " + maxMessages);
            }
            this.maxMessages = maxMessages;
        }

        /** Whether a report with this uid is complete in the batch, not yet written. */
        boolean holds(String reportUid) {
            return completed.contains(reportUid);
        }

        void add(List<RecordsMessage> batch, String completedUid, Runnable told) {
            messages.addAll(batch);
            if (completedUid != null) {
                completed.add(completedUid);
            }
            if (told != null) {
                afterWrite.add(told);
            }
            if (messages.size() >= maxMessages) {
                flush();
            }
        }

        /** Writes what is gathered, then tells the outcomes of the reports it completed. */
        public void flush() {
            if (!messages.isEmpty()) {
                store.write(new ArrayList<>(messages));
            }
            List<Runnable> tell = new ArrayList<>(afterWrite);
            messages.clear();
            afterWrite.clear();
            completed.clear();
            tell.forEach(Runnable::run);
        }
    }

    private final ReportStore store;
    private final Consumer<Outcome> onReport;
    private final Batch batch;
    private Lock held;

    public ReportWriter(ReportStore store, Consumer<Outcome> onReport) {
        this(store, onReport, null);
    }

    /** As {@link #ReportWriter(ReportStore, Consumer)}, gathering writes into {@code batch} when it is not null. */
    public ReportWriter(ReportStore store, Consumer<Outcome> onReport, Batch batch) {
        this.store = Objects.requireNonNull(store, "store");
        this.onReport = Objects.requireNonNull(onReport, "onReport");
        this.batch = batch;
    }

    @Override
    public boolean begin(ReportHeader header) {
        release();
        held = LOCKS[Math.floorMod(String.valueOf(header.reportUid()).hashCode(), REPORT_LOCKS)];
        held.lock();
        return !stored(header.reportUid());
    }

    private boolean stored(String reportUid) {
        return (batch != null && batch.holds(reportUid)) || store.containsReport(reportUid);
    }

    private static final Runnable NOTHING = () -> {};

    /**
     * Writes now and returns {@code told} for the caller to run once it released the report's lock; or gathers
     * into the batch, which runs {@code told} after its write, and returns nothing to run.
     */
    private Runnable write(List<RecordsMessage> messages, String completedUid, Runnable told) {
        if (batch != null) {
            batch.add(messages, completedUid, told);
            return NOTHING;
        }
        if (!messages.isEmpty()) {
            store.write(messages);
        }
        return told == null ? NOTHING : told;
    }

    @Override
    public void accept(ReportHeader header, List<EnrichedRecord> records, ReportCompleted completed) {
        List<RecordsMessage> messages = new ArrayList<>(records.size() + 1);
        messages.addAll(records);
        if (completed == null) {
            write(messages, null, null);
            return;
        }
        messages.add(completed);
        Runnable tell = write(messages, completed.reportUid(), () -> onReport.accept(Outcome.of(completed, false)));
        release();
        tell.run();
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
            write(List.of(report), null, null);
            if (batch != null) {
                // An intact copy of the report may follow in this batch: it must not share a write with the cut one.
                batch.flush();
            }
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
        Runnable tell;
        try {
            tell = stored(report.reportUid())
                    ? () -> onReport.accept(Outcome.of(report.report(), true))
                    : write(
                            List.of(report),
                            report.reportUid(),
                            () -> onReport.accept(Outcome.of(report.report(), false)));
        } finally {
            release();
        }
        tell.run();
    }

    /** Releases the lock of the report being written, if any: call it when the input failed. Safe to repeat. */
    public void release() {
        if (held != null) {
            held.unlock();
            held = null;
        }
    }
}
