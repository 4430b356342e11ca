package io.ruaflow.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed demo set under samples/demo is exactly what its README's command writes. */
class DemoSetTest {
    /** Same as {@code ruaflow samples --out samples/demo --reports 150 --records 16 --seed 46 --from 2026-10-05
     * --to 2026-11-15 --domains 4 --tls-reports 168 --failure-reports 42} (deploy's SamplesCommandTest runs that
     * command line itself). */
    static final long DEMO_SEED = 46;

    static final SampleOptions DEMO_OPTIONS =
            new SampleOptions(150, 16, 4, LocalDate.of(2026, 10, 5), LocalDate.of(2026, 11, 15));

    static final Path DEMO_DIR = Path.of("demo");

    /** One TLS report per domain and day, one failure report per day. */
    static final int DEMO_TLS_REPORTS = 168;

    static final int DEMO_FAILURE_REPORTS = 42;

    @Test
    void regeneratingTheDemoSetReproducesTheCommittedFilesByteForByte(@TempDir Path tmp) throws Exception {
        assertThat(DEMO_DIR.resolve("README.md")).exists();
        SampleGenerator generator = SampleGenerator.fromSeed(DEMO_SEED, DEMO_OPTIONS);
        generator.writeSampleSet(tmp);
        TlsSamples.writeTo(
                TlsSamples.generate(generator.world(), DEMO_TLS_REPORTS, DEMO_OPTIONS.from(), DEMO_OPTIONS.to()),
                tmp.resolve(TlsSamples.TLS_DIR));
        FailureSamples.writeTo(
                FailureSamples.generate(
                        generator.world(), DEMO_FAILURE_REPORTS, DEMO_OPTIONS.from(), DEMO_OPTIONS.to()),
                tmp.resolve(FailureSamples.FAILURE_DIR));
        List<Path> expected = SampleGeneratorTest.list(tmp);
        List<Path> committed = SampleGeneratorTest.list(DEMO_DIR).stream()
                .filter(p -> !p.toString().equals("README.md"))
                .toList();
        assertThat(committed).as("files under " + DEMO_DIR.toAbsolutePath()).isEqualTo(expected);
        for (Path relative : expected) {
            assertThat(DEMO_DIR.resolve(relative))
                    .as("%s differs from a fresh run: regenerate with the command in demo/README.md", relative)
                    .hasSameBinaryContentAs(tmp.resolve(relative));
        }
    }

    @Test
    void theDemoSetTellsTheStoryTheReadmePromises() {
        SampleGenerator generator = SampleGenerator.fromSeed(DEMO_SEED, DEMO_OPTIONS);
        assertThat(generator.reports()).hasSize(150);
        assertThat(generator.world().domains()).hasSize(4);
        assertThat(DEMO_OPTIONS.to().getDayOfWeek()).isEqualTo(java.time.DayOfWeek.SUNDAY);
        assertThat(DEMO_OPTIONS.from().getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
        assertThat(DEMO_OPTIONS.from().plusWeeks(6).minusDays(1)).isEqualTo(DEMO_OPTIONS.to());
        assertThat(generator.world().senders().stream().filter(SampleWorld.Sender::newcomer))
                .isNotEmpty();
        assertThat(Files.exists(DEMO_DIR.resolve(SampleGenerator.ZONE_FILE))).isTrue();
        // TLS and failure reports reach into the last week, so its weekly report has something to say
        assertThat(
                        TlsSamples.generate(generator.world(), DEMO_TLS_REPORTS, DEMO_OPTIONS.from(), DEMO_OPTIONS.to())
                                .stream()
                                .map(TlsSamples.Sample::day))
                .contains(DEMO_OPTIONS.to());
        assertThat(
                        FailureSamples.generate(
                                        generator.world(), DEMO_FAILURE_REPORTS, DEMO_OPTIONS.from(), DEMO_OPTIONS.to())
                                .stream()
                                .map(f -> f.arrival().toLocalDate()))
                .contains(DEMO_OPTIONS.to());
    }
}
