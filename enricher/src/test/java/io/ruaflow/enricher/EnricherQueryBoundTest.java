package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.parser.ReportHeader;
import io.ruaflow.samples.SyntheticZone;
import io.ruaflow.samples.ZoneDnsServer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EnricherQueryBoundTest {
    private static final int RECORDS = 100_000;
    private static final int BATCH = 5_000;

    @Test
    void queriesGrowWithDistinctIpsAndDomainsNotWithRecords() throws Exception {
        SyntheticZone world = SyntheticZone.of(1_000, 100);
        try (ZoneDnsServer server = ZoneDnsServer.start(0);
                Enricher enricher = Enricher.withDns(DnsSettings.systemDefault().withServer(server.hostAndPort()))) {
            world.loadInto(server);
            ReportHeader header = world.header();
            long enriched = 0;
            long freshPasses = 0;
            for (int from = 0; from < RECORDS; from += BATCH) {
                List<EnrichedRecord> out = enricher.enrich(header, world.records(from, from + BATCH), from);
                enriched += out.size();
                freshPasses += out.stream()
                        .filter(r -> "pass".equals(r.enrichment().freshSpfResult()))
                        .count();
                assertThat(out.get(0).position()).isEqualTo(from);
            }
            assertThat(enriched).isEqualTo(RECORDS);
            assertThat(freshPasses).isEqualTo(RECORDS);

            Set<String> ips =
                    world.records(0, RECORDS).stream().map(r -> r.sourceIp()).collect(Collectors.toSet());
            Set<String> domains =
                    world.records(0, RECORDS).stream().map(r -> r.headerFrom()).collect(Collectors.toSet());
            // per IP: PTR + forward A; per domain: SPF TXT, a, mx, MX host A, DKIM key, the tree walk's _dmarc TXT;
            // plus the shared include and the walk's shared parent _dmarc.example
            long bound = 2L * ips.size() + 6L * domains.size() + 2;
            assertThat(ips).hasSize(1_000);
            assertThat(domains).hasSize(100);
            assertThat(server.queryCount()).isLessThanOrEqualTo(bound).isGreaterThanOrEqualTo(2L * ips.size());
        }
    }
}
