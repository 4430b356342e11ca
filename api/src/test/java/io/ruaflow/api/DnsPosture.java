package io.ruaflow.api;

import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.enricher.DomainPosture;
import io.ruaflow.enricher.Finding;
import io.ruaflow.enricher.MtaStsState;
import io.ruaflow.enricher.PostureChecker;
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
    public Posture check(String domain, DateRange range) {
        DomainPosture p = checker.check(domain, store.dkimSelectors(domain, range));
        return new Posture(
                p.domain(),
                p.checkedAt(),
                p.dmarcRecord(),
                p.dmarcRecordDomain(),
                p.spfRecord(),
                p.spfLookups(),
                p.findings().stream().map(DnsPosture::view).toList(),
                p.mtaSts() == null ? null : view(p.mtaSts()));
    }

    @Override
    public Posture.MtaSts mtaSts(String domain) {
        return view(checker.mtaSts(domain));
    }

    private static Posture.MtaSts view(MtaStsState s) {
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
                s.findings().stream().map(DnsPosture::view).toList());
    }

    private static Posture.Finding view(Finding f) {
        return new Posture.Finding(
                Posture.Severity.valueOf(f.severity().name()), f.check(), f.code(), f.message(), f.record());
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
