package io.ruaflow.enricher;

import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportSchema;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.SpfAuthResult;
import java.time.Instant;
import java.util.List;

/** Builds report headers and records for enricher tests. */
public final class TestReports {
    private TestReports() {}

    public static ReportHeader header(String domain, String adkim, String aspf) {
        return new ReportHeader(
                "uid-" + domain,
                "receiver.example",
                "dmarc@receiver.example",
                null,
                "r1",
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-02T00:00:00Z"),
                List.of(),
                null,
                ReportSchema.RFC7489,
                new PolicyPublished(domain, "reject", null, null, adkim, aspf, 100, null, null, null),
                new ReportSource("test", "0"));
    }

    public static ReportRecord record(
            String ip,
            String headerFrom,
            String envelopeFrom,
            List<DkimAuthResult> dkim,
            List<SpfAuthResult> spf,
            List<OverrideReason> reasons) {
        boolean dkimPass = dkim.stream().anyMatch(d -> d.result().equals("pass"));
        boolean spfPass = spf.stream().anyMatch(s -> s.result().equals("pass"));
        return new ReportRecord(
                ip,
                1,
                "none",
                dkimPass ? "pass" : "fail",
                spfPass ? "pass" : "fail",
                reasons,
                null,
                envelopeFrom,
                headerFrom,
                dkim,
                spf);
    }

    public static DkimAuthResult dkim(String domain, String selector, String result) {
        return new DkimAuthResult(domain, selector, result, null);
    }

    public static SpfAuthResult spf(String domain, String result) {
        return new SpfAuthResult(domain, "mfrom", result, null);
    }
}
