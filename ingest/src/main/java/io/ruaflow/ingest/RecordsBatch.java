package io.ruaflow.ingest;

import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.parser.ReportHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive records of one report, and optionally its completion: what one records-topic message holds. On Kafka
 * it travels encoded by {@link RecordsCodec#encodeRecords}; in one JVM as this object ({@link Envelope#payload()}).
 *
 * @param completed the report's completion, or null when more records follow
 */
public record RecordsBatch(ReportHeader report, List<EnrichedRecord> records, ReportCompleted completed) {
    /** Records a batch handed over as objects holds at most, bounding what a full in-process queue keeps. */
    public static final int MAX_RECORDS = 500;

    public RecordsBatch {
        records = List.copyOf(records);
    }

    /** The records, then the completion if any, as the sink writes them. */
    public List<RecordsMessage> messages() {
        List<RecordsMessage> out = new ArrayList<>(records.size() + 1);
        out.addAll(records);
        if (completed != null) {
            out.add(completed);
        }
        return out;
    }

    /** {@code records} and {@code completed} cut into batches of at most {@link #MAX_RECORDS}, completion last. */
    public static List<RecordsBatch> of(ReportHeader report, List<EnrichedRecord> records, ReportCompleted completed) {
        List<RecordsBatch> out = new ArrayList<>(records.size() / MAX_RECORDS + 1);
        int from = 0;
        do {
            int to = Math.min(records.size(), from + MAX_RECORDS);
            out.add(new RecordsBatch(report, records.subList(from, to), to == records.size() ? completed : null));
            from = to;
        } while (from < records.size());
        return out;
    }
}
