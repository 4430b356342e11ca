package io.ruaflow.ingest.testing;

import io.ruaflow.enricher.Classification;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.Enrichment;
import io.ruaflow.ingest.RecordEnricher;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An enrichment without DNS that trusts the reporter's verdicts, for pipeline tests that run before or without the
 * real {@code Enricher.offline()}.
 */
public final class OfflineEnrichment implements RecordEnricher {
    @Override
    public List<EnrichedRecord> enrich(ReportHeader header, List<ReportRecord> records, long firstPosition) {
        List<EnrichedRecord> out = new ArrayList<>(records.size());
        Instant now = Instant.now();
        for (int i = 0; i < records.size(); i++) {
            ReportRecord record = records.get(i);
            boolean pass = "pass".equals(record.dkim()) || "pass".equals(record.spf());
            Enrichment enrichment = new Enrichment(
                    record.headerFrom(),
                    record.headerFrom(),
                    "pass".equals(record.spf()),
                    "pass".equals(record.dkim()),
                    pass,
                    false,
                    null,
                    null,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    pass ? Classification.ALIGNED : Classification.UNAUTHORIZED,
                    now);
            out.add(EnrichedRecord.of(header, firstPosition + i, record, enrichment));
        }
        return out;
    }
}
