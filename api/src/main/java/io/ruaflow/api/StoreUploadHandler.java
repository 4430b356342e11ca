package io.ruaflow.api;

import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportKind;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.parser.TlsReport;
import io.ruaflow.parser.WholeReport;
import io.ruaflow.store.ReportWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an upload from the ingest path it is given (the same parse → enrich → store path {@code ruaflow import}
 * takes; the API builds none of it). A report already stored (same uid) is skipped and answered as a duplicate; of
 * concurrent uploads of one report exactly one stores it; a report whose input fails part-way is stored as rejected.
 */
public final class StoreUploadHandler implements UploadHandler {
    private static final Logger log = LoggerFactory.getLogger(StoreUploadHandler.class);

    /** Parses, enriches and stores one input, telling {@code onReport} what became of each report. */
    @FunctionalInterface
    public interface Ingest {
        void ingest(ReportInput input, Consumer<ReportWriter.Outcome> onReport)
                throws ReportRejectedException, IOException;
    }

    private final Ingest ingest;

    private StoreUploadHandler(Ingest ingest) {
        this.ingest = ingest;
    }

    public static StoreUploadHandler of(Ingest ingest) {
        return new StoreUploadHandler(ingest);
    }

    @Override
    public UploadResult upload(ReportInput input) throws ReportRejectedException, IOException {
        List<IngestedReport> reports = new ArrayList<>();
        List<String> sha256 = new ArrayList<>(1);
        ingest.ingest(input, outcome -> {
            if (sha256.isEmpty() && outcome.source() != null) {
                sha256.add(outcome.source().sha256());
            }
            reports.add(ingested(outcome));
        });
        return new UploadResult(input.name(), sha256.isEmpty() ? null : sha256.get(0), reports);
    }

    private static IngestedReport ingested(ReportWriter.Outcome outcome) {
        if (outcome.whole() != null) {
            WholeReport whole = outcome.whole();
            log.info(
                    "upload {}: {} {}",
                    whole.source() == null ? "?" : whole.source().file(),
                    whole.describe(),
                    outcome.duplicate() ? "already stored, skipped" : "stored");
            String domain = null;
            String org = null;
            String id = null;
            if (whole instanceof TlsReport tls) {
                domain = tls.domains().isEmpty() ? null : tls.domains().get(0);
                org = tls.organizationName();
                id = tls.reportId();
            } else if (whole instanceof FailureReport failure) {
                domain = failure.reportedDomain();
                org = failure.reporter();
            }
            return new IngestedReport(
                    whole.kind().id(),
                    whole.reportUid(),
                    org,
                    id,
                    domain,
                    0,
                    0,
                    outcome.warnings(),
                    outcome.duplicate());
        }
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
                ReportKind.AGGREGATE.id(),
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
