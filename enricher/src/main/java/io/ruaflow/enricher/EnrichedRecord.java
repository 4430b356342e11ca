package io.ruaflow.enricher;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;

/**
 * One report record with its report's header and its enrichment, denormalized so that a store needs no joins.
 * {@code position} is the record's 0-based index in its report; with the report uid it identifies the row, so a
 * redelivered record overwrites rather than doubles.
 */
public record EnrichedRecord(
        int schemaVersion, ReportHeader report, long position, ReportRecord record, Enrichment enrichment)
        implements RecordsMessage {

    public static EnrichedRecord of(ReportHeader report, long position, ReportRecord record, Enrichment enrichment) {
        return new EnrichedRecord(CURRENT_SCHEMA_VERSION, report, position, record, enrichment);
    }

    @Override
    @JsonIgnore
    public String reportUid() {
        return report.reportUid();
    }
}
