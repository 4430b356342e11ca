package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {
    @Test
    void benchParsePrintsRecordsPerSecond() {
        StringWriter out = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        int status = cli.execute("bench", "parse", "--records", "2000", "--iterations", "2", "--warmup", "1", "--gzip");
        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("report: 2000 records")
                .contains("run 2: 2000 records")
                .containsPattern("parse: median [\\d,]+ records/s wall clock");
    }

    @Test
    void benchStorePrintsInsertRateCpuAndBytesPerRecord(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        int status = cli.execute(
                "bench",
                "store",
                "--store",
                "duckdb:" + dir.resolve("bench.duckdb"),
                "--records",
                "3000",
                "--runs",
                "1");
        assertThat(status).isZero();
        assertThat(out.toString())
                .containsPattern("insert: 3,000 records in [\\d.]+ s = [\\d,]+ rows/s; this process [\\d.]+ CPU-s")
                .containsPattern("on disk: [\\d,]+ bytes = [\\d.]+ bytes per record written")
                .contains("query sources --failing");
    }

    @Test
    void benchWithoutStageListsTheStages() {
        StringWriter out = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("bench")).isZero();
        assertThat(out.toString()).contains("parse");
    }
}
