package io.ruaflow.store;

import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.parser.FailureReport;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * A place records live: written in idempotent batches, queried through {@link Analytics}. Implementations are
 * thread-safe; {@link #close()} may be called twice.
 */
public interface ReportStore extends Analytics, AlertState, AutoCloseable {
    /**
     * Writes a batch so that it is durable when this returns. Idempotent: a record is identified by its report uid
     * and position, a report by its uid, so writing the same messages again changes no query's answer.
     *
     * @throws StoreUnavailableException when the store cannot be reached now and the batch should be retried
     */
    void write(List<RecordsMessage> batch);

    /**
     * Stores failure reports, durable when this returns. Idempotent: a report is identified by its uid, so writing
     * it again changes no answer.
     *
     * @throws StoreUnavailableException when the store cannot be reached now and the batch should be retried
     */
    default void writeFailures(List<FailureReport> reports) {
        write(reports.stream().<RecordsMessage>map(WholeReportMessage::of).toList());
    }

    /**
     * Deletes the failure reports that arrived before {@code cutoff} ({@code failure.retention.days}); returns how
     * many there were.
     */
    default long deleteFailuresArrivedBefore(Instant cutoff) {
        throw new UnsupportedOperationException(describe() + " keeps no failure reports");
    }

    /** Whether a report with this uid is already completely stored (its {@code ReportCompleted} was written). */
    boolean containsReport(String reportUid);

    /**
     * The bytes the stored data takes on disk now, with what was written so far flushed to it; empty when the store
     * cannot say (an in-memory store). For benchmarks and operators sizing a disk, not for every request.
     */
    default OptionalLong bytesOnDisk() {
        return OptionalLong.empty();
    }

    /** A short description for logs, with no secrets: {@code duckdb:/var/lib/ruaflow/ruaflow.duckdb}. */
    String describe();

    @Override
    void close();
}
