package io.ruaflow.store;

import io.ruaflow.enricher.Enrichment;
import io.ruaflow.parser.ReportRecord;
import java.time.Instant;

/**
 * One stored report record with its enrichment, as a report listing or a source's detail shows it: where it came
 * from (report uid, position, reporter, period), the record as reported ({@code record.count} is its whole message
 * count) and what ruaflow concluded ({@code enrichment}; its DNS fields are null when DNS checks were off).
 */
public record StoredRecord(
        String reportUid,
        long position,
        String orgName,
        Instant begin,
        Instant end,
        ReportRecord record,
        Enrichment enrichment) {}
