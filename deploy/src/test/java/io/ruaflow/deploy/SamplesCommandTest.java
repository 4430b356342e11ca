package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SamplesCommandTest {
    /** The command in samples/demo/README.md, with the output folder swapped. */
    static final String DEMO_ARGS =
            "samples --reports 150 --records 16 --seed 46 --from 2026-10-05 --to 2026-11-15 --domains 4"
                    + " --tls-reports 168 --failure-reports 42";

    static final Path DEMO_DIR = Path.of("..", "samples", "demo");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = RuaflowCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void theDocumentedDemoCommandReproducesTheCommittedDemoSet(@TempDir Path tmp) throws Exception {
        assertThat(Files.readString(DEMO_DIR.resolve("README.md")))
                .contains(DEMO_ARGS.replace("samples --", "samples --out samples/demo --"));
        String[] args = (DEMO_ARGS + " --out " + tmp).split(" ");
        assertThat(run(args)).as(err.toString()).isZero();
        assertThat(out.toString())
                .startsWith("wrote 150 reports (2400 records, ")
                .contains("zone.txt")
                .contains("wrote 168 SMTP TLS reports to ")
                .contains("wrote 42 failure reports to ");
        List<Path> written = list(tmp);
        assertThat(written).hasSize(151 + 168 + 42);
        for (Path relative : written) {
            assertThat(DEMO_DIR.resolve(relative)).hasSameBinaryContentAs(tmp.resolve(relative));
        }
    }

    @Test
    void failureReportsAreWrittenBesideTheAggregatesWhenAsked(@TempDir Path tmp) throws Exception {
        assertThat(run("samples", "--out", tmp.toString(), "--reports", "2", "--failure-reports", "6"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("wrote 6 failure reports to " + tmp.resolve("failure"));
        try (Stream<Path> files = Files.list(tmp.resolve("failure"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .hasSize(6)
                    .allMatch(n -> n.matches("failure-\\d{5}\\.eml"));
        }
        assertThat(run("samples", "--out", tmp.toString(), "--failure-reports", "-1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--failure-reports must be 0 to 100000: -1");
    }

    @Test
    void missingOutFolderIsAnInvalidCommandLine() {
        assertThat(run("samples", "--reports", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--out");
    }

    @Test
    void outOfRangeDomainCountNamesTheLimit(@TempDir Path tmp) {
        assertThat(run("samples", "--out", tmp.toString(), "--domains", "30")).isEqualTo(2);
        assertThat(err.toString()).contains("MAX_DOMAINS=24").contains("30");
    }

    @Test
    void helpDocumentsEveryOptionAndTheExitCodes() {
        assertThat(run("samples", "--help")).isZero();
        assertThat(out.toString())
                .contains("--out", "--reports", "--records", "--seed", "--from", "--to", "--domains")
                .contains("Exit codes:");
    }

    @Test
    void rootHelpListsTheSamplesCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("samples");
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(dir::relativize)
                    .sorted()
                    .toList();
        }
    }
}
