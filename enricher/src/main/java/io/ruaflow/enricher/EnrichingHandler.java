package io.ruaflow.enricher;

import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.WholeReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one chunked-enrichment path: receives the parser's stream of reports, enriches each report's records in
 * chunks of at most {@code chunkRecords} (so the DNS lookups of a chunk overlap and a report of a million records is
 * held a chunk at a time) with running positions, and hands each chunk to a {@link Sink}: the process stage's
 * records topic, a store (imports and uploads) or a JSON Lines writer ({@code parse --enrich}). One instance per
 * input; not thread-safe.
 */
public final class EnrichingHandler implements ReportHandler {
    /** Default of the {@code enrich.chunk.records} key. */
    public static final int DEFAULT_CHUNK_RECORDS = 5_000;
    /** Upper bound of the {@code enrich.chunk.records} key: a chunk is held in memory whole. */
    public static final int MAX_CHUNK_RECORDS = 1_000_000;

    /** Where enriched records go. Exceptions propagate to the parser's caller. */
    public interface Sink {
        /** A report starts; returning false skips it whole (for instance because the store already holds it). */
        default boolean begin(ReportHeader header) {
            return true;
        }

        /**
         * The next chunk of the report {@code header}, positions running from 0. {@code completed} is non-null on the
         * last call for a report, and then {@code records} may be empty.
         */
        void accept(ReportHeader header, List<EnrichedRecord> records, ReportCompleted completed);

        /** A report that {@link #begin} skipped has been read to its end. */
        default void skipped(ReportCompleted report) {}

        /**
         * The input failed part-way through a report this sink {@linkplain #begin took}: the chunks it already got
         * never count (the report never completes), and {@code report} says why (see {@link #abandon}).
         */
        default void rejected(ReportRejected report) {}

        /**
         * A whole report of another kind (SMTP TLS, failure), complete. The default refuses it, so that a sink
         * written for aggregates only never drops one silently.
         */
        default void whole(WholeReportMessage report) {
            throw new UnsupportedOperationException(
                    "this sink does not take " + report.report().kind().description() + "s");
        }
    }

    private final RecordEnricher enricher;
    private final int chunkRecords;
    private final Sink sink;
    private final List<ReportRecord> chunk = new ArrayList<>();
    private ReportHeader current;
    private boolean skipping;
    private long position;
    private long recordsEnriched;
    private int reports;

    public EnrichingHandler(RecordEnricher enricher, int chunkRecords, Sink sink) {
        if (chunkRecords < 1 || chunkRecords > MAX_CHUNK_RECORDS) {
            throw new IllegalArgumentException(
                    "enrich.chunk.records must be between 1 and " + MAX_CHUNK_RECORDS + ": " + chunkRecords);
        }
        this.enricher = Objects.requireNonNull(enricher, "enricher");
        this.chunkRecords = chunkRecords;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void header(ReportHeader header) {
        current = header;
        position = 0;
        chunk.clear();
        skipping = !sink.begin(header);
    }

    @Override
    public void record(ReportRecord record) {
        if (skipping) {
            return;
        }
        chunk.add(record);
        if (chunk.size() >= chunkRecords) {
            sink.accept(current, enrichChunk(), null);
        }
    }

    @Override
    public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
        ReportCompleted completed = ReportCompleted.of(header, recordCount, messageCount, warnings);
        reports++;
        if (skipping) {
            skipping = false;
            current = null;
            sink.skipped(completed);
            return;
        }
        ReportHeader enrichedWith = current == null ? header : current;
        List<EnrichedRecord> last = enrichChunk(enrichedWith);
        if (!last.isEmpty() && !enrichedWith.equals(header)) {
            sink.accept(enrichedWith, last, null);
            last = List.of();
        }
        current = null;
        sink.accept(header, last, completed);
    }

    /**
     * A report of another kind goes to the sink as it is; a failure report first gets the same re-check of its
     * source as an aggregate record ({@link FailureEnricher}).
     */
    @Override
    public void whole(WholeReport report) {
        reports++;
        WholeReport enriched =
                report instanceof FailureReport failure ? new FailureEnricher(enricher).enrich(failure) : report;
        sink.whole(WholeReportMessage.of(enriched));
    }

    /** Reports read to their end so far (stored, published or skipped), of every kind. */
    public int reports() {
        return reports;
    }

    /** Records enriched so far, across this input's reports, including those of a report that failed later. */
    public long recordsEnriched() {
        return recordsEnriched;
    }

    /**
     * The input failed part-way with {@code reason}: the report being read, unless it was skipped, is handed to the
     * sink as a {@link ReportRejected} (with the records read of it so far, none of which count) and returned; null
     * between reports or for a skipped report. A report counts whole or not at all. The handler forgets the report.
     */
    public ReportRejected abandon(String reason) {
        if (current == null) {
            return null;
        }
        ReportHeader report = current;
        long recordsBefore = position + chunk.size();
        boolean skipped = skipping;
        current = null;
        skipping = false;
        chunk.clear();
        if (skipped) {
            return null;
        }
        ReportRejected rejected = ReportRejected.of(report, recordsBefore, reason);
        sink.rejected(rejected);
        return rejected;
    }

    /** The report being read when the input failed, or null between reports. */
    public ReportHeader currentReport() {
        return current;
    }

    /** Records of {@link #currentReport()} already handed to the sink. */
    public long currentReportRecords() {
        return position;
    }

    private List<EnrichedRecord> enrichChunk() {
        return enrichChunk(current);
    }

    private List<EnrichedRecord> enrichChunk(ReportHeader header) {
        if (chunk.isEmpty()) {
            return List.of();
        }
        List<EnrichedRecord> enriched = enricher.enrich(header, List.copyOf(chunk), position);
        position += chunk.size();
        recordsEnriched += chunk.size();
        chunk.clear();
        return enriched;
    }
}
