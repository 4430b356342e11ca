package io.ruaflow.api;

import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.PostureChecker;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.MtaStsState;
import io.ruaflow.store.Analytics;
import io.ruaflow.store.DateRange;
import java.time.Duration;

/**
 * The enricher's posture checker behind the API's {@link PostureService}, for tests that check a zone served on
 * loopback (deploy's {@code LivePosture} is the production wiring; the API cannot see it).
 */
public final class DnsPosture implements PostureService, AutoCloseable {
    private final PostureChecker checker;
    private final Analytics store;

    public DnsPosture(String dnsHostAndPort, Analytics store) {
        this.checker = PostureChecker.withDns(
                DnsSettings.systemDefault().withServer(dnsHostAndPort).withTimeout(Duration.ofSeconds(2)));
        this.store = store;
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
