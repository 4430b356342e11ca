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
     * --to 2026-11-15 --domains 4} (deploy's SamplesCommandTest runs that command line itself). */
    static final long DEMO_SEED = 46;

    static final SampleOptions DEMO_OPTIONS =
            new SampleOptions(150, 16, 4, LocalDate.of(2026, 10, 5), LocalDate.of(2026, 11, 15));

    static final Path DEMO_DIR = Path.of("demo");

    @Test
    void regeneratingTheDemoSetReproducesTheCommittedFilesByteForByte(@TempDir Path tmp) throws Exception {
        assertThat(DEMO_DIR.resolve("README.md")).exists();
        SampleGenerator.fromSeed(DEMO_SEED, DEMO_OPTIONS).writeSampleSet(tmp);
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
    }
}
