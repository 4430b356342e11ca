package io.ruaflow.deploy;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.EnrichingHandler;
import io.ruaflow.enricher.Enrichment;
import io.ruaflow.enricher.EnrichmentJson;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.parser.ReportRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A {@link ReportLineWriter} fed by the one {@link EnrichingHandler} ({@code parse --enrich}): each record carries an
 * {@code enrichment} object.
 */
final class EnrichingLineWriter extends ReportLineWriter implements EnrichingHandler.Sink {
    private Enrichment current;

    EnrichingLineWriter(Writer out) {
        super(out);
    }

    @Override
    public boolean begin(ReportHeader header) {
        header(header);
        return true;
    }

    @Override
    public void accept(ReportHeader header, List<EnrichedRecord> records, ReportCompleted completed) {
        for (EnrichedRecord record : records) {
            current = record.enrichment();
            record(record.record());
        }
        current = null;
        if (completed != null) {
            end(completed.report(), completed.recordCount(), completed.messageCount(), completed.warnings());
        }
    }

    @Override
    public void whole(WholeReportMessage report) {
        whole(report.report());
    }

    @Override
    protected void writeRecord(JsonGenerator json, ReportRecord record) throws IOException {
        json.writeStartObject();
        ReportJson.writeRecordFields(json, record);
        json.writeFieldName("enrichment");
        EnrichmentJson.write(json, current);
        json.writeEndObject();
    }
}
