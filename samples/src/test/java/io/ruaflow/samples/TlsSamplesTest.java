package io.ruaflow.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.TlsReport;
import io.ruaflow.parser.WholeReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSamplesTest {
    private static final LocalDate FROM = LocalDate.parse("2026-11-09");
    private static final LocalDate TO = LocalDate.parse("2026-11-15");

    @TempDir
    Path dir;

    @Test
    void everyGeneratedTlsMailParsesToTheFactsItStates() throws Exception {
        SampleWorld world = SampleWorld.fromSeed(7, 3);
        List<TlsSamples.Sample> samples = TlsSamples.generate(world, 12, FROM, TO);
        assertThat(samples).hasSize(12);
        Set<String> domains =
                world.domains().stream().map(SampleWorld.PolicyDomain::name).collect(Collectors.toSet());
        ReportParser parser = new ReportParser();
        int microsoft = 0;
        for (TlsSamples.Sample sample : samples) {
            List<WholeReport> read = parser.parseWhole(ReportInput.ofBytes(sample.fileName(), sample.mail()));
            assertThat(read).hasSize(1);
            TlsReport tls = (TlsReport) read.get(0);
            assertThat(tls.warnings()).isEmpty();
            assertThat(tls.reportId()).isEqualTo(sample.reportId());
            assertThat(tls.organizationName()).isEqualTo(sample.organization());
            assertThat(tls.contactInfo()).matches("smtp-tls-reporting@(google|microsoft)\\.com");
            assertThat(tls.domains()).containsExactly(sample.domain());
            assertThat(domains).contains(sample.domain());
            assertThat(tls.successfulSessions()).isEqualTo(sample.successfulSessions());
            assertThat(tls.failedSessions()).isEqualTo(sample.failedSessions());
            assertThat(tls.begin())
                    .isEqualTo(
                            sample.day().atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
            String mail = new String(sample.mail(), java.nio.charset.StandardCharsets.US_ASCII);
            // a From address a mail server takes (no "@google inc.")
            assertThat(mail).matches("(?s)From: noreply-smtp-tls-reporting@(google|microsoft)\\.com\r\n.*");
            if (sample.organization().startsWith("Microsoft")) {
                assertThat(mail).contains("Content-Type: application/tlsrpt+json;");
                microsoft++;
                assertThat(tls.policies().get(0).failureDetails()).allMatch(d -> d.sendingMtaIp() == null);
            } else {
                assertThat(mail).contains("Content-Type: application/tlsrpt+gzip;");
            }
        }
        assertThat(microsoft).isBetween(1, 11);
        assertThat(samples.stream().map(TlsSamples.Sample::day).distinct()).hasSizeGreaterThan(1);
        assertThat(TlsSamples.generate(world, 12, FROM, TO).get(5).mail())
                .isEqualTo(samples.get(5).mail());
        assertThat(TlsSamples.writeTo(samples, dir)).isEqualTo(12);
        assertThat(dir.resolve("tls-00001.eml")).exists();
    }

    @Test
    void countOutsideTheLimitIsRefusedByName() {
        SampleWorld world = SampleWorld.fromSeed(7, 3);
        assertThatThrownBy(() -> TlsSamples.generate(world, TlsSamples.MAX_TLS_REPORTS + 1, FROM, TO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAX_TLS_REPORTS");
    }
}
