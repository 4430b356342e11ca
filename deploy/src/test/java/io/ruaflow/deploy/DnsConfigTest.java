package io.ruaflow.deploy;

import static io.ruaflow.deploy.ImportQueryCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                        "dns.server", "127.0.0.1:5353",
                        "dns.timeout.ms", "750",
                        "dns.retries", "3",
                        "dns.concurrency.max", "8"),
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
                Map.of(), Map.of("RUAFLOW_DNS_TIMEOUT_MS", "1200", "RUAFLOW_DNS_RETRIES", "0"), null);

        DnsSettings settings = Wiring.dnsSettings(config);

        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(1200));
        assertThat(settings.retries()).isZero();
        assertThat(settings.maxConcurrentQueries()).isEqualTo(DnsSettings.DEFAULT_MAX_CONCURRENT_QUERIES);
    }

    @ParameterizedTest
    @CsvSource({"process.dns.server", "process.dns.timeout.ms", "process.dns.retries", "process.dns.concurrency.max"})
    void theOldProcessDnsNamesAreUnknown(String oldName) {
        assertThatThrownBy(() -> PipelineConfig.load(Map.of(oldName, "1"), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown configuration key " + oldName);
    }

    @Test
    void configListsTheDnsKeys() {
        Result result = run("config");

        assertThat(result.out())
                .contains("dns.server  (env RUAFLOW_DNS_SERVER")
                .contains("dns.timeout.ms  (env RUAFLOW_DNS_TIMEOUT_MS, default 3000")
                .contains("dns.retries  (env RUAFLOW_DNS_RETRIES, default 1")
                .contains("dns.concurrency.max  (env RUAFLOW_DNS_CONCURRENCY_MAX, default 64");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "dns.retries=11 | dns.retries: must be between 0 and 10: 11",
                "dns.timeout.ms=0 | dns.timeout.ms: must be between 1 and 60000: 0",
                "dns.concurrency.max=lots | dns.concurrency.max: must be a whole number: 'lots'",
                "dns.server=dns.example | dns.server: DNS server must look like 127.0.0.1:53",
            })
    void badValuesAreRefusedNamingTheKey(String setting, String message) {
        Result result = run("process", "--kafka", "127.0.0.1:1", "--set", setting);

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains(message).doesNotContain("Exception");
    }
}
