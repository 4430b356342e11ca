package io.ruaflow.deploy;

import static io.ruaflow.deploy.ImportQueryCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.deploy.ImportQueryCommandTest.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the command line speaks to a person: short errors, help for every command, progress everywhere. */
class CommandMannersTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "query domains --from 2026-13-01, --from, 2026-13-01",
        "query domains --to yesterday, --to, yesterday",
        "query summary --domain example.com --from 01/11/2026, --from, 01/11/2026",
    })
    void badDateIsOneLineNamingTheOptionValueAndFormat(String args, String option, String value) {
        Result result = run(args.split(" "));

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err())
                .contains("ruaflow query: ")
                .contains(option)
                .contains("'" + value + "'")
                .contains("YYYY-MM-DD")
                .doesNotContain("Exception")
                .doesNotContain("Usage:");
    }

    @Test
    void otherUsageErrorsAreOneLineWithWhereTheHelpIs() {
        Result result = run("query", "domains", "--fromm", "2026-11-01");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).contains("--fromm").contains("--from").contains("see ruaflow help query");
    }

    @Test
    void helpReachesNestedCommands() {
        Result serve = run("help", "dns", "serve");
        Result query = run("help", "query");

        assertThat(serve.exit()).as(serve.err()).isZero();
        assertThat(serve.out()).contains("Usage: ruaflow dns serve").contains("--zone");
        assertThat(query.out()).contains("Usage: ruaflow query");
    }

    @Test
    void helpForAnUnknownCommandNamesItAndTheKnownOnes() {
        Result result = run("help", "dns", "zone");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .contains("no command 'zone' under 'ruaflow dns'")
                .contains("serve");
    }

    @Test
    void progressOnANonTerminalIsALineEveryFewSeconds() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        ImportCommand.Progress progress = new ImportCommand.Progress(new PrintWriter(text), 20, false, now::get);
        long second = 1_000_000_000L;

        for (int file = 1; file <= 20; file++) {
            now.addAndGet(second);
            progress.fileDone(file, file * 10L);
        }
        progress.finish();

        long every = ImportCommand.Progress.PLAIN_INTERVAL.toSeconds();
        assertThat(text.toString().lines())
                .hasSize((int) (20 / every))
                .first()
                .isEqualTo("import: " + every + "/20 files, " + every + " reports, " + every * 10 + " records");
        assertThat(text.toString()).doesNotContain("\r").doesNotContain("\033");
    }

    @Test
    void demoOnATakenPortFailsBeforeImportingWithOneLine() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();

            // no zone.txt beside the reports: had the demo gone on to import, it would fail on that instead
            Result result =
                    run("run", "--demo", "--demo-dir", reports.toString(), "--api-port", Integer.toString(port));

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err().lines()).hasSize(1);
            assertThat(result.err())
                    .contains("port " + port + " on 127.0.0.1 is already in use")
                    .contains("--api-port")
                    .doesNotContain("Exception");
        }
    }
}
