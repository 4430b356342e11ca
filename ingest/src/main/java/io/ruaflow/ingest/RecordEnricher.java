package io.ruaflow.ingest;

import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import java.util.List;

/**
 * What the process stage needs of the enricher: {@code io.ruaflow.enricher.Enricher::enrich} fits. Enriches one
 * chunk of a report's records; {@code firstPosition} is the 0-based position of the chunk's first record.
 */
@FunctionalInterface
public interface RecordEnricher {
    List<EnrichedRecord> enrich(ReportHeader header, List<ReportRecord> records, long firstPosition);
}
