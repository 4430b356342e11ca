package io.ruaflow.deploy;

import io.ruaflow.api.PostureService;
import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.PostureChecker;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.MtaStsState;
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
    public DomainPosture check(String domain, DateRange range) {
        return checker.check(domain, store.dkimSelectors(domain, range));
    }

    @Override
    public MtaStsState mtaSts(String domain) {
        return checker.mtaSts(domain);
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
}
