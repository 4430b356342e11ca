package io.ruaflow.parser.internal;

import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.ParserLimits;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.WholeReport;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The failure-report reader of the mail walk: the MIME entity the walk found ({@code multipart/report;
 * report-type=feedback-report}, a multipart with a {@code message/feedback-report} part, or Exim's plain-text
 * report) read by {@link FailureMailReader}.
 */
final class FailureKindReader implements KindReader {
    private final FailureMailReader reader;
    private final long maxBytes;

    FailureKindReader(ParserLimits limits, boolean redact) {
        this.reader = new FailureMailReader(limits, redact);
        this.maxBytes = limits.maxMailBytes();
    }

    @Override
    public WholeReport read(InputStream in, ReportSource source, List<String> context) throws IOException {
        byte[] entity = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
        if (entity.length > maxBytes) {
            throw InputRejected.overLimit(
                    "MAX_MAIL_BYTES", maxBytes, "the failure report is larger than " + maxBytes + " bytes");
        }
        FailureReport report;
        try {
            report = reader.read(source, entity);
        } catch (ReportRejectedException e) {
            throw InputRejected.because(e.reason());
        }
        if (context.isEmpty()) {
            return report;
        }
        List<String> warnings = new ArrayList<>(context);
        warnings.addAll(report.warnings());
        return replaceWarnings(report, warnings); // the layers' warnings first
    }

    private static FailureReport replaceWarnings(FailureReport report, List<String> warnings) {
        return new FailureReport(
                report.reportUid(),
                report.source(),
                report.reporter(),
                report.reporterEmail(),
                report.format(),
                report.feedbackType(),
                report.userAgent(),
                report.arrivalDate(),
                report.sourceIp(),
                report.reportedDomain(),
                report.authFailures(),
                report.deliveryResult(),
                report.authenticationResults(),
                report.originalMailFrom(),
                report.originalRcptTo(),
                report.from(),
                report.to(),
                report.subject(),
                report.messageId(),
                report.dkimDomain(),
                report.dkimSelector(),
                report.dkimResult(),
                report.spfDomain(),
                report.spfResult(),
                report.headers(),
                report.redacted(),
                warnings,
                report.recheck());
    }
}
