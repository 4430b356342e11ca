package io.ruaflow.deploy;

import static io.ruaflow.deploy.ImportQueryCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.deploy.ImportQueryCommandTest.Result;
import io.ruaflow.parser.ParserLimits;
import io.ruaflow.store.SourceQuery;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
    void aNamedCommandIsBuiltAloneAndEverythingElseGetsTheWholeTree() {
        assertThat(RuaflowCommand.commandLine(new String[] {"parse", "x.xml"}).getSubcommands())
                .containsOnlyKeys("parse");
        assertThat(RuaflowCommand.commandLine(new String[] {"dns", "serve", "--help"})
                        .getSubcommands())
                .containsOnlyKeys("dns");
        java.util.List<String> all = RuaflowCommand.SUBCOMMANDS.stream()
                .map(c -> c.getAnnotation(picocli.CommandLine.Command.class).name())
                .toList();
        for (String[] args : new String[][] {{}, {"help", "parse"}, {"--version"}, {"pars"}, {"-h"}}) {
            assertThat(RuaflowCommand.commandLine(args).getSubcommands().keySet())
                    .as(String.join(" ", args))
                    .containsExactlyElementsOf(all);
        }
    }

    @Test
    void aMistypedCommandIsNamedWithTheCommandItResembles() {
        Result result = run("pars", "x.xml");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("pars").contains("parse");
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
    void limitErrorsSayTheLimitIsFixedOrNameTheSettingThatRaisesIt() throws Exception {
        String tooMany = Integer.toString(SourceQuery.MAX_LIMIT + 1);
        Result rows = run("query", "sources", "--domain", "example.com", "--limit", tooMany);
        assertThat(rows.exit()).isEqualTo(2);
        assertThat(rows.err()).contains(tooMany).contains("a fixed bound");

        byte[] nested = "<feedback/>".getBytes(StandardCharsets.UTF_8);
        for (int depth = 0; depth <= ParserLimits.MAX_ARCHIVE_DEPTH; depth++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry("inner" + depth + (depth == 0 ? ".xml" : ".zip")));
                zip.write(nested);
            }
            nested = bytes.toByteArray();
        }
        Path deep = Files.write(dir.resolve("deep.zip"), nested);
        Result imported = run("import", deep.toString(), "--store", "duckdb:" + dir.resolve("s.duckdb"), "--no-dns");
        assertThat(imported.exit()).isEqualTo(1);
        assertThat(imported.err())
                .contains("deep.zip")
                .contains("fixed limit MAX_ARCHIVE_DEPTH=" + ParserLimits.MAX_ARCHIVE_DEPTH)
                .contains("no setting raises it");
    }

    @Test
    void runOnATakenApiPortFailsWithOneLineBeforeCreatingTheStore() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path store = dir.resolve("run.duckdb");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();

            Result result = run(
                    "run",
                    "--dir",
                    inbox.toString(),
                    "--store",
                    "duckdb:" + store,
                    "--no-dns",
                    "--api-port",
                    Integer.toString(port));

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err().lines()).hasSize(1);
            assertThat(result.err())
                    .contains("ruaflow run: port " + port + " on 127.0.0.1 is already in use")
                    .doesNotContain("Exception");
            assertThat(store).doesNotExist();
        }
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
