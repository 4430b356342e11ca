package io.ruaflow.api;

import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.store.ReportStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests an upload synchronously, the same way the pipeline does: {@link ReportParser} streams the reports,
 * {@link Enricher} re-checks each chunk of records, the store writes them, and a {@link ReportCompleted} closes each
 * report. A report already stored (same uid) is skipped and answered as a duplicate.
 */
public final class StoreUploadHandler implements UploadHandler {
    private static final Logger log = LoggerFactory.getLogger(StoreUploadHandler.class);
    /** Records enriched and written together, bounding memory for very large reports. */
    public static final int CHUNK_RECORDS = 5_000;

    private final ReportParser parser;
    private final Enricher enricher;
    private final ReportStore store;

    private StoreUploadHandler(ReportParser parser, Enricher enricher, ReportStore store) {
        this.parser = parser;
        this.enricher = enricher;
        this.store = store;
    }

    public static StoreUploadHandler of(ReportParser parser, Enricher enricher, ReportStore store) {
        return new StoreUploadHandler(parser, enricher, store);
    }

    @Override
    public UploadResult upload(ReportInput input) throws ReportRejectedException, IOException {
        Collector collector = new Collector();
        parser.parse(input, collector);
        String sha256 = collector.reports.isEmpty() ? null : collector.sha256;
        return new UploadResult(input.name(), sha256, collector.reports);
    }

    private final class Collector implements ReportHandler {
        final List<IngestedReport> reports = new ArrayList<>();
        final List<ReportRecord> chunk = new ArrayList<>();
        ReportHeader header;
        boolean duplicate;
        long written;
        String sha256;

        @Override
        public void header(ReportHeader header) {
            this.header = header;
            this.sha256 = header.source() == null ? null : header.source().sha256();
            this.duplicate = store.containsReport(header.reportUid());
            this.written = 0;
            chunk.clear();
        }

        @Override
        public void record(ReportRecord record) {
            if (duplicate) {
                return;
            }
            chunk.add(record);
            if (chunk.size() >= CHUNK_RECORDS) {
                flush();
            }
        }

        @Override
        public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
            if (!duplicate) {
                flush();
                store.write(List.of(ReportCompleted.of(header, recordCount, messageCount, warnings)));
            }
            log.info(
                    "upload {}: report {} ({} / {} for {}): {} records, {} messages {}",
                    header.source() == null ? "?" : header.source().file(),
                    header.reportUid(),
                    header.orgName(),
                    header.reportId(),
                    header.policyPublished() == null
                            ? "?"
                            : header.policyPublished().domain(),
                    recordCount,
                    messageCount,
                    duplicate ? "already stored, skipped" : "stored");
            reports.add(new IngestedReport(
                    header.reportUid(),
                    header.orgName(),
                    header.reportId(),
                    header.policyPublished() == null
                            ? null
                            : header.policyPublished().domain(),
                    recordCount,
                    messageCount,
                    warnings,
                    duplicate));
        }

        private void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            List<RecordsMessage> batch = new ArrayList<>(enricher.enrich(header, List.copyOf(chunk), written));
            store.write(batch);
            written += chunk.size();
            chunk.clear();
        }
    }
}
