package io.ruaflow.api;

import io.ruaflow.api.weekly.SourceAdvisor;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.MtaStsState;
import io.ruaflow.store.DateRange;

/**
 * The live DNS checks the API offers (the posture endpoint, the weekly report's posture section, SPF lookup counts in
 * advice). The API does no DNS itself: {@code deploy} wires the enricher's posture checker in, and the server runs
 * without one under {@code --no-dns}. Implementations are safe for concurrent use and block on DNS.
 */
public interface PostureService extends SourceAdvisor.SpfBudget {
    /** The domain's records in live DNS, with the keys of the DKIM selectors its reports show over {@code range}. */
    DomainPosture check(String domain, DateRange range);

    /**
     * Only the SMTP TLS part of {@link #check}: the domain's MTA-STS record, its policy file fetched over HTTPS and
     * matched against the live MX hosts, and its TLS-RPT record.
     */
    MtaStsState mtaSts(String domain);
}
