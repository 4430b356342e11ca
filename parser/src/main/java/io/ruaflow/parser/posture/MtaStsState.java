package io.ruaflow.parser.posture;

import java.util.List;

/**
 * A domain's SMTP TLS posture as live DNS and its policy web server show it: the {@code _mta-sts} TXT record and its
 * {@code id}, the policy file fetched from {@code policyUrl} (the HTTP status, and the parsed {@code mode},
 * {@code mx} patterns and {@code maxAge} in seconds), the domain's MX hosts now, the {@code _smtp._tls} TLS-RPT
 * record, and the findings about all of them (checks {@code mta-sts} and {@code tls-rpt}). Fields are null (lists
 * empty) when there is nothing to show: no record, no response, no such line in the policy.
 */
public record MtaStsState(
        String txtRecord,
        String id,
        String policyUrl,
        Integer httpStatus,
        String mode,
        List<String> mx,
        Long maxAge,
        List<String> mxHosts,
        String tlsRptRecord,
        List<Finding> findings) {

    public MtaStsState {
        mx = List.copyOf(mx);
        mxHosts = List.copyOf(mxHosts);
        findings = List.copyOf(findings);
    }
}
