package io.ruaflow.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.parser.FailureReport;
import io.ruaflow.parser.FailureReportParser;
import io.ruaflow.parser.ReportInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureSamplesTest {
    private static final LocalDate FROM = LocalDate.parse("2026-11-09");
    private static final LocalDate TO = LocalDate.parse("2026-11-15");

    @Test
    void everyShapeParsesToTheFactsItWasWrittenWith() throws Exception {
        SampleWorld world = SampleWorld.fromSeed(7, 3);
        List<FailureSamples.Sample> samples = FailureSamples.generate(world, 9, FROM, TO);
        assertThat(samples).hasSize(9);
        assertThat(samples.stream().map(FailureSamples.Sample::shape).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(FailureSamples.Shape.values());
        Set<String> failingIps = world.senders().stream()
                .filter(s ->
                        s.kind() == SampleWorld.SenderKind.SPOOFER || s.kind() == SampleWorld.SenderKind.MISCONFIGURED)
                .map(s -> canonical(s.ip()))
                .collect(Collectors.toSet());
        FailureReportParser parser = new FailureReportParser();
        for (FailureSamples.Sample sample : samples) {
            FailureReport r = parser.parse(
                    ReportInput.ofBytes(sample.fileName(), sample.mail().getBytes(StandardCharsets.UTF_8)));
            // the parser writes IPs canonically, as it does for aggregate records
            assertThat(r.sourceIp()).isEqualTo(canonical(sample.sourceIp())).isIn(failingIps);
            assertThat(r.reportedDomain()).isEqualTo(sample.domain());
            assertThat(r.arrivalDate()).isEqualTo(sample.arrival().toInstant());
            assertThat(r.arrivalDate())
                    .isBetween(
                            FROM.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                            TO.plusDays(1)
                                    .atStartOfDay(java.time.ZoneOffset.UTC)
                                    .toInstant());
            assertThat(r.format())
                    .isEqualTo(
                            sample.shape() == FailureSamples.Shape.EXIM_TEXT
                                    ? FailureReport.Format.TEXT
                                    : FailureReport.Format.ARF);
            assertThat(r.headers()).contains("Subject: ").doesNotContain("Dear customer");
            assertThat(r.from()).isEqualTo("\"Customer Service\" <redacted@" + sample.domain() + ">");
        }
        assertThat(samples.stream().map(s -> s.mail()).distinct()).hasSize(9);
    }

    private static String canonical(String ip) {
        return com.google.common.net.InetAddresses.toAddrString(com.google.common.net.InetAddresses.forString(ip));
    }

    @Test
    void theSameSeedWritesTheSameBytes(@TempDir Path dir) throws Exception {
        SampleWorld world = SampleWorld.fromSeed(11, 2);
        FailureSamples.writeTo(FailureSamples.generate(world, 4, FROM, TO), dir.resolve("a"));
        FailureSamples.writeTo(FailureSamples.generate(SampleWorld.fromSeed(11, 2), 4, FROM, TO), dir.resolve("b"));
        for (int i = 1; i <= 4; i++) {
            String name = String.format("failure-%05d.eml", i);
            assertThat(Files.readString(dir.resolve("a").resolve(name)))
                    .isEqualTo(Files.readString(dir.resolve("b").resolve(name)));
        }
    }

    @Test
    void aCountOverTheLimitIsRefusedNamingIt() {
        assertThatThrownBy(() -> FailureSamples.generate(SampleWorld.fromSeed(1, 1), 100_001, FROM, TO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAX_FAILURE_REPORTS");
    }
}
