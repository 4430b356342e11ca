package io.ruaflow.api;

import io.ruaflow.enricher.Enricher;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests an upload synchronously, the same way the pipeline does: {@link ReportParser} streams the reports,
 * {@link ReportWriter} enriches and writes each chunk of records and closes each report with its completion. A
 * report already stored (same uid) is skipped and answered as a duplicate.
 */
public final class StoreUploadHandler implements UploadHandler {
    private static final Logger log = LoggerFactory.getLogger(StoreUploadHandler.class);

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
        List<IngestedReport> reports = new ArrayList<>();
        List<String> sha256 = new ArrayList<>(1);
        new ReportWriter(store, enricher, outcome -> {
                    ReportHeader header = outcome.header();
                    if (sha256.isEmpty() && header.source() != null) {
                        sha256.add(header.source().sha256());
                    }
                    reports.add(ingested(outcome));
                })
                .ingest(parser, input);
        return new UploadResult(input.name(), sha256.isEmpty() ? null : sha256.get(0), reports);
    }

    private static IngestedReport ingested(ReportWriter.Outcome outcome) {
        ReportHeader header = outcome.header();
        String domain = header.policyPublished() == null
                ? null
                : header.policyPublished().domain();
        log.info(
                "upload {}: report {} ({} / {} for {}): {} records, {} messages {}",
                header.source() == null ? "?" : header.source().file(),
                header.reportUid(),
                header.orgName(),
                header.reportId(),
                domain == null ? "?" : domain,
                outcome.records(),
                outcome.messages(),
                outcome.duplicate() ? "already stored, skipped" : "stored");
        return new IngestedReport(
                header.reportUid(),
                header.orgName(),
                header.reportId(),
                domain,
                outcome.records(),
                outcome.messages(),
                outcome.warnings(),
                outcome.duplicate());
    }
}
