package io.ruaflow.deploy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.Enrichment;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.parser.ReportRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ReportLineWriter} whose records each carry an {@code enrichment} object. Records are enriched in batches
 * of {@value #BATCH}, so the DNS lookups of a batch overlap.
 */
final class EnrichingLineWriter extends ReportLineWriter {
    static final int BATCH = 2_000;
    private static final ObjectMapper MAPPER = ReportJson.mapper();

    private final Enricher enricher;
    private final List<ReportRecord> pending = new ArrayList<>();
    private ReportHeader header;
    private long position;
    private Enrichment current;

    EnrichingLineWriter(Writer out, Enricher enricher) {
        super(out);
        this.enricher = enricher;
    }

    @Override
    public void header(ReportHeader header) {
        this.header = header;
        this.position = 0;
        pending.clear();
        super.header(header);
    }

    @Override
    public void record(ReportRecord record) {
        pending.add(record);
        if (pending.size() >= BATCH) {
            flushPending();
        }
    }

    @Override
    public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
        flushPending();
        super.end(header, recordCount, messageCount, warnings);
    }

    private void flushPending() {
        if (pending.isEmpty()) {
            return;
        }
        List<EnrichedRecord> enriched = enricher.enrich(header, List.copyOf(pending), position);
        position += pending.size();
        pending.clear();
        for (EnrichedRecord record : enriched) {
            current = record.enrichment();
            super.record(record.record());
        }
        current = null;
    }

    @Override
    protected void writeRecord(JsonGenerator json, ReportRecord record) throws IOException {
        ObjectNode node = MAPPER.valueToTree(record);
        node.set("enrichment", MAPPER.valueToTree(current));
        MAPPER.writeTree(json, node);
    }
}
