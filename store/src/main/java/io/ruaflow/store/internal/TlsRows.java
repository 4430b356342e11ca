package io.ruaflow.store.internal;

import io.ruaflow.parser.ReportKind;
import io.ruaflow.parser.TlsFailureDetail;
import io.ruaflow.parser.TlsPolicy;
import io.ruaflow.parser.TlsReport;
import io.ruaflow.parser.WholeReport;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** SMTP TLS reports as rows of {@link Schema#TLS_TABLES}. */
final class TlsRows implements KindRows {
    @Override
    public ReportKind kind() {
        return ReportKind.SMTP_TLS;
    }

    @Override
    public List<Schema.Table> tables() {
        return Schema.TLS_TABLES;
    }

    @Override
    public List<List<Object[]>> rows(WholeReport whole, long writtenAtMs) {
        TlsReport report = (TlsReport) whole;
        LocalDate day = report.begin().atOffset(ZoneOffset.UTC).toLocalDate();
        String org = Rows.text(report.organizationName());
        List<Object[]> policies = new ArrayList<>();
        List<Object[]> failures = new ArrayList<>();
        List<String> domains = new ArrayList<>();
        for (int p = 0; p < report.policies().size(); p++) {
            TlsPolicy policy = report.policies().get(p);
            String domain = domain(policy.policyDomain());
            if (!domains.contains(domain)) {
                domains.add(domain);
            }
            policies.add(new Object[] {
                report.reportUid(),
                (long) p,
                day,
                domain,
                Rows.text(policy.policyType()),
                Rows.json(policy.policyStrings()),
                Rows.json(policy.mxHosts()),
                org,
                report.begin().toEpochMilli(),
                report.end().toEpochMilli(),
                policy.successfulSessions(),
                policy.failedSessions()
            });
            for (int d = 0; d < policy.failureDetails().size(); d++) {
                TlsFailureDetail detail = policy.failureDetails().get(d);
                failures.add(new Object[] {
                    report.reportUid(),
                    (long) p,
                    (long) d,
                    day,
                    domain,
                    org,
                    Rows.text(detail.resultType()),
                    Rows.text(detail.sendingMtaIp()),
                    Rows.text(detail.receivingMxHostname()),
                    Rows.text(detail.receivingMxHelo()),
                    Rows.text(detail.receivingIp()),
                    detail.failedSessionCount(),
                    Rows.text(detail.additionalInformation()),
                    Rows.text(detail.failureReasonCode())
                });
            }
        }
        Object[] completion = {
            report.reportUid(),
            org,
            Rows.text(report.contactInfo()),
            Rows.text(report.reportId()),
            report.begin().toEpochMilli(),
            report.end().toEpochMilli(),
            Rows.json(domains),
            (long) report.policies().size(),
            report.successfulSessions(),
            report.failedSessions(),
            Rows.json(report.warnings()),
            report.source() == null ? null : Rows.text(report.source().file()),
            report.source() == null ? null : report.source().sha256(),
            writtenAtMs
        };
        return List.of(policies, failures, List.<Object[]>of(completion));
    }

    /** The stored form of a policy domain: lower-case ASCII; empty when the report named none. */
    static String domain(String domain) {
        return domain == null || domain.isBlank() ? "" : Rows.domainKey(domain);
    }
}
