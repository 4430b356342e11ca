package io.ruaflow.ingest;

import io.ruaflow.enricher.EnrichingHandler;
import io.ruaflow.enricher.RecordEnricher;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportWriter;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Input straight into a store with no transport in between ({@code ruaflow import}, HTTP upload): the parser
 * streams each report through the one {@link EnrichingHandler} into a {@link ReportWriter}. A report already stored
 * is skipped whole; of concurrent imports of one report exactly one stores it. A report whose input fails part-way
 * is stored as rejected with the reason (its records never count); reports completed before it stay. Thread-safe
 * when the store is.
 */
public final class StoreImport {
    private final ReportParser parser;
    private final RecordEnricher enricher;
    private final int chunkRecords;
    private final ReportStore store;
    private final ReportWriter.Batch batch;

    public StoreImport(ReportParser parser, RecordEnricher enricher, int chunkRecords, ReportStore store) {
        this(parser, enricher, chunkRecords, store, null);
    }

    private StoreImport(
            ReportParser parser,
            RecordEnricher enricher,
            int chunkRecords,
            ReportStore store,
            ReportWriter.Batch batch) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.enricher = Objects.requireNonNull(enricher, "enricher");
        this.chunkRecords = chunkRecords;
        this.store = Objects.requireNonNull(store, "store");
        this.batch = batch;
    }

    /**
     * An import for one thread that writes many inputs' reports together, {@code batchMessages} records at a time
     * ({@code ruaflow import} of a folder of small report mails: one store commit per batch instead of one per
     * report). A report's outcome is told once it is written; {@link #flush} before closing the store.
     */
    public static StoreImport batching(
            ReportParser parser, RecordEnricher enricher, int chunkRecords, ReportStore store, int batchMessages) {
        return new StoreImport(parser, enricher, chunkRecords, store, new ReportWriter.Batch(store, batchMessages));
    }

    /** Writes the reports a {@linkplain #batching batching} import holds and tells their outcomes. */
    public void flush() {
        if (batch != null) {
            batch.flush();
        }
    }

    /**
     * Imports every report in {@code input}, telling {@code onReport} what became of each as it ends.
     *
     * @throws ReportRejectedException when the input holds no usable report, or fails part-way (reports before the
     *     bad one are stored, the one it failed in is stored as rejected)
     * @throws io.ruaflow.store.StoreUnavailableException when the store cannot take the records now
     */
    public void ingest(ReportInput input, Consumer<ReportWriter.Outcome> onReport)
            throws ReportRejectedException, IOException {
        ReportWriter writer = new ReportWriter(store, onReport, batch);
        EnrichingHandler handler = new EnrichingHandler(enricher, chunkRecords, writer);
        try {
            parser.parse(input, handler);
        } catch (ReportRejectedException e) {
            handler.abandon(e.reason());
            throw e;
        } catch (IOException e) {
            handler.abandon("cannot read: " + e.getMessage());
            throw e;
        } finally {
            writer.release();
        }
    }
}
