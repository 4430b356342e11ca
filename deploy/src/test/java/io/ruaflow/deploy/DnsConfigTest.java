package io.ruaflow.deploy;

import static io.ruaflow.deploy.ImportQueryCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.deploy.ImportQueryCommandTest.Result;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.DnsSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The DNS resolver, timeout, retries and concurrency are declared keys that reach the enricher's settings. */
class DnsConfigTest {
    @Test
    void keysGivenAsFlagsReachTheResolverSettings() {
        PipelineConfig config = PipelineConfig.load(
                Map.of(
                        "process.dns.server", "127.0.0.1:5353",
                        "process.dns.timeout.ms", "750",
                        "process.dns.retries", "3",
                        "process.dns.concurrency.max", "8"),
                Map.of(),
                null);

        DnsSettings settings = Wiring.dnsSettings(config);

        assertThat(settings.servers()).containsExactly(new InetSocketAddress("127.0.0.1", 5353));
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.retries()).isEqualTo(3);
        assertThat(settings.maxConcurrentQueries()).isEqualTo(8);
    }

    @Test
    void keysComeFromTheEnvironmentToo() {
        PipelineConfig config = PipelineConfig.load(
                Map.of(), Map.of("RUAFLOW_PROCESS_DNS_TIMEOUT_MS", "1200", "RUAFLOW_PROCESS_DNS_RETRIES", "0"), null);

        DnsSettings settings = Wiring.dnsSettings(config);

        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(1200));
        assertThat(settings.retries()).isZero();
        assertThat(settings.maxConcurrentQueries()).isEqualTo(DnsSettings.DEFAULT_MAX_CONCURRENT_QUERIES);
    }

    @Test
    void configListsTheDnsKeys() {
        Result result = run("config");

        assertThat(result.out())
                .contains("process.dns.server  (env RUAFLOW_PROCESS_DNS_SERVER")
                .contains("process.dns.timeout.ms  (env RUAFLOW_PROCESS_DNS_TIMEOUT_MS, default 3000")
                .contains("process.dns.retries  (env RUAFLOW_PROCESS_DNS_RETRIES, default 1")
                .contains("process.dns.concurrency.max  (env RUAFLOW_PROCESS_DNS_CONCURRENCY_MAX, default 64");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "process.dns.retries=11 | process.dns.retries: must be between 0 and 10: 11",
                "process.dns.timeout.ms=0 | process.dns.timeout.ms: must be between 1 and 60000: 0",
                "process.dns.concurrency.max=lots | process.dns.concurrency.max: must be a whole number: 'lots'",
                "process.dns.server=dns.example | process.dns.server: DNS server must look like 127.0.0.1:53",
            })
    void badValuesAreRefusedNamingTheKey(String setting, String message) {
        Result result = run("process", "--kafka", "127.0.0.1:1", "--set", setting);

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains(message).doesNotContain("Exception");
    }
}
