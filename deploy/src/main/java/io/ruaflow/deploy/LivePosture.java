package io.ruaflow.deploy;

import io.ruaflow.api.Posture;
import io.ruaflow.api.PostureService;
import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.DomainPosture;
import io.ruaflow.enricher.Finding;
import io.ruaflow.enricher.MtaStsState;
import io.ruaflow.enricher.PostureChecker;
import io.ruaflow.store.Analytics;
import io.ruaflow.store.DateRange;

/**
 * The API's live DNS checks wired to the enricher: {@link PostureChecker} over the DKIM selectors the store's reports
 * show. Owns the checker; {@link #close()} releases its DNS client and is safe to call twice.
 */
final class LivePosture implements PostureService, AutoCloseable {
    private final PostureChecker checker;
    private final Analytics store;

    private LivePosture(PostureChecker checker, Analytics store) {
        this.checker = checker;
        this.store = store;
    }

    static LivePosture withDns(DnsSettings settings, Analytics store) {
        return new LivePosture(PostureChecker.withDns(settings), store);
    }

    @Override
    public Posture check(String domain, DateRange range) {
        return view(checker.check(domain, store.dkimSelectors(domain, range)));
    }

    @Override
    public Posture.MtaSts mtaSts(String domain) {
        return view(checker.mtaSts(domain));
    }

    @Override
    public Integer lookups(String domain) {
        return checker.lookups(domain);
    }

    @Override
    public Integer includeCost(String target) {
        return checker.includeCost(target);
    }

    @Override
    public void close() {
        checker.close();
    }

    /** The enricher's posture as the API shows it (the same fields, so the same JSON). */
    static Posture view(DomainPosture p) {
        return new Posture(
                p.domain(),
                p.checkedAt(),
                p.dmarcRecord(),
                p.dmarcRecordDomain(),
                p.spfRecord(),
                p.spfLookups(),
                p.findings().stream().map(LivePosture::view).toList(),
                p.mtaSts() == null ? null : view(p.mtaSts()));
    }

    /** The enricher's MTA-STS state as the API shows it. */
    static Posture.MtaSts view(MtaStsState s) {
        return new Posture.MtaSts(
                s.txtRecord(),
                s.id(),
                s.policyUrl(),
                s.httpStatus(),
                s.mode(),
                s.mx(),
                s.maxAge(),
                s.mxHosts(),
                s.tlsRptRecord(),
                s.findings().stream().map(LivePosture::view).toList());
    }

    private static Posture.Finding view(Finding f) {
        return new Posture.Finding(
                Posture.Severity.valueOf(f.severity().name()), f.check(), f.code(), f.message(), f.record());
    }
}
