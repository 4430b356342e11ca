package io.ruaflow.enricher;

import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import java.util.List;

/**
 * Enriches one chunk of a report's records; {@code firstPosition} is the 0-based position of the chunk's first
 * record. {@link Enricher} is the implementation; tests substitute failing ones.
 */
@FunctionalInterface
public interface RecordEnricher {
    List<EnrichedRecord> enrich(ReportHeader header, List<ReportRecord> records, long firstPosition);
}
