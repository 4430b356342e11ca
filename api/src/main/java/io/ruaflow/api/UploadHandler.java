package io.ruaflow.api;

import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportKind;
import io.ruaflow.parser.ReportRejectedException;
import java.io.IOException;
import java.util.List;

/**
 * What {@code POST /api/reports} does with an uploaded file. Implementations are thread-safe and finish the work
 * (parse, enrich, store) before returning, so the answer says what is now queryable.
 */
public interface UploadHandler {

    /**
     * Ingests every report in {@code input}.
     *
     * @throws ReportRejectedException when the input holds no usable report; the message is shown to the uploader
     * @throws IOException when the input cannot be read
     * @throws io.ruaflow.store.StoreUnavailableException when the store cannot take the records now
     */
    UploadResult upload(ReportInput input) throws ReportRejectedException, IOException;

    /** An upload handler for read-only deployments: every upload is refused with {@code reason}. */
    static UploadHandler refusing(String reason) {
        return input -> {
            throw new ReportRejectedException(input.name(), reason);
        };
    }

    /** What one uploaded file held. */
    record UploadResult(String file, String sha256, List<IngestedReport> reports) {
        public UploadResult {
            reports = List.copyOf(reports);
        }
    }

    /**
     * One report of an upload. {@code kind} says which kind it is ({@link ReportKind#id()}: {@code aggregate},
     * {@code smtp_tls}, {@code failure}); {@code policyDomain} is the domain it is about (an aggregate's published
     * policy domain, a TLS report's first policy domain, a failure report's reported domain); {@code records} and
     * {@code messages} count an aggregate's records and messages, 0 for the other kinds. {@code duplicate} is true
     * when a report with this uid was already stored, so the upload changed no count.
     */
    record IngestedReport(
            String kind,
            String reportUid,
            String orgName,
            String reportId,
            String policyDomain,
            long records,
            long messages,
            List<String> warnings,
            boolean duplicate) {
        public IngestedReport {
            warnings = List.copyOf(warnings);
        }
    }
}
