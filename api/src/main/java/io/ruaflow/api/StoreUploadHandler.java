package io.ruaflow.api;

import io.ruaflow.enricher.Enricher;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests an upload synchronously, the same way the pipeline does: {@link ReportParser} streams the reports,
 * {@link ReportWriter} enriches and writes each chunk of records and closes each report with its completion. A
 * report already stored (same uid) is skipped and answered as a duplicate; of concurrent uploads of one report in
 * this process, exactly one stores it and the others answer duplicate.
 */
public final class StoreUploadHandler implements UploadHandler {
    private static final Logger log = LoggerFactory.getLogger(StoreUploadHandler.class);

    /** Locks striped by report uid; two uploads of different reports rarely share one. */
    static final int REPORT_LOCKS = 64;

    private final Lock[] reportLocks = new Lock[REPORT_LOCKS];
    private final ReportParser parser;
    private final Enricher enricher;
    private final ReportStore store;

    private StoreUploadHandler(ReportParser parser, Enricher enricher, ReportStore store) {
        this.parser = parser;
        this.enricher = enricher;
        this.store = store;
        for (int i = 0; i < REPORT_LOCKS; i++) {
            reportLocks[i] = new ReentrantLock();
        }
    }

    public static StoreUploadHandler of(ReportParser parser, Enricher enricher, ReportStore store) {
        return new StoreUploadHandler(parser, enricher, store);
    }

    @Override
    public UploadResult upload(ReportInput input) throws ReportRejectedException, IOException {
        List<IngestedReport> reports = new ArrayList<>();
        List<String> sha256 = new ArrayList<>(1);
        ReportWriter writer = new ReportWriter(store, enricher, outcome -> {
            ReportHeader header = outcome.header();
            if (sha256.isEmpty() && header.source() != null) {
                sha256.add(header.source().sha256());
            }
            reports.add(ingested(outcome));
        });
        OneWriterPerReport serialized = new OneWriterPerReport(writer);
        try {
            writer.ingest(parser, input, serialized);
        } finally {
            serialized.release();
        }
        return new UploadResult(input.name(), sha256.isEmpty() ? null : sha256.get(0), reports);
    }

    /**
     * Holds the lock of a report's uid from its header to its end, so that concurrent uploads of one report are
     * written one after the other: the first stores it, and the others see it stored and answer duplicate.
     */
    private final class OneWriterPerReport implements ReportHandler {
        private final ReportWriter writer;
        private Lock held;

        OneWriterPerReport(ReportWriter writer) {
            this.writer = writer;
        }

        @Override
        public void header(ReportHeader header) {
            release();
            held = reportLocks[Math.floorMod(String.valueOf(header.reportUid()).hashCode(), REPORT_LOCKS)];
            held.lock();
            writer.header(header);
        }

        @Override
        public void record(ReportRecord record) {
            writer.record(record);
        }

        @Override
        public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
            try {
                writer.end(header, recordCount, messageCount, warnings);
            } finally {
                release();
            }
        }

        void release() {
            if (held != null) {
                held.unlock();
                held = null;
            }
        }
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
