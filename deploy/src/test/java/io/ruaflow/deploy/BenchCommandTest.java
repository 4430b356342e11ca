package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    void benchStoreWithThreadsWritesEveryReportOnce(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        String url = "duckdb:" + dir.resolve("bench.duckdb");
        int status = cli.execute(
                "bench",
                "store",
                "--store",
                url,
                "--records",
                "3000",
                "--records-per-report",
                "100",
                "--batch",
                "750",
                "--domains",
                "3",
                "--threads",
                "3",
                "--runs",
                "1");
        assertThat(status).isZero();
        assertThat(out.toString()).contains("750 per batch, 3 threads").contains("insert: 3,000 records");
        try (io.ruaflow.store.ReportStore store = io.ruaflow.store.ReportStores.open(url)) {
            assertThat(store.reports(null, 1_000)).hasSize(30);
            assertThat(store.domains(BenchStoreCommand.ALL_DAYS)).hasSize(3);
        }
    }

    @Test
    void benchPipelinePrintsRatesAndTheCpuOfEachStageAndOfTheWholeProcess() {
        StringWriter out = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        int status = cli.execute("bench", "pipeline", "--reports", "20", "--records", "10", "--warmup", "0");
        assertThat(status).isZero();
        assertThat(out.toString())
                .containsPattern("measured: 20 reports, 200 records in [\\d.]+ s")
                .containsPattern("  sink threads: [\\d.]+ CPU s")
                .containsPattern("  all stages: [\\d.]+ CPU s, [\\d.]+ CPU s per 100,000 records")
                .containsPattern(
                        "  this process: [\\d.]+ CPU s, [\\d.]+ CPU s per 100,000 records \\(the stages, the JIT"
                                + " compiler, the collector, DuckDB's own threads\\)");
        double stages = cpuPer100k(out.toString(), "all stages");
        double process = cpuPer100k(out.toString(), "this process");
        assertThat(process).isGreaterThanOrEqualTo(stages);
    }

    private static double cpuPer100k(String output, String label) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "  " + label + ": [\\d.]+ CPU s, ([\\d.]+) CPU s per 100,000 records")
                .matcher(output);
        assertThat(m.find()).as(label + " in " + output).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void benchApiAsksTheServedStoreFromSeveralConnectionsAndPrintsRateLatencyAndCpu(@TempDir Path dir) {
        String url = "duckdb:" + dir.resolve("bench.duckdb");
        CommandLine fill = RuaflowCommand.commandLine();
        fill.setOut(new PrintWriter(new StringWriter()));
        assertThat(fill.execute("bench", "store", "--store", url, "--records", "2000", "--domains", "2", "--runs", "1"))
                .isZero();
        StringWriter out = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        int status = cli.execute(
                "bench",
                "api",
                "--store",
                url,
                "--connections",
                "3",
                "--seconds",
                "1",
                "--warmup",
                "0",
                "--limit",
                "5");
        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("answer cache off, 3 connections")
                .contains("/api/domains/bench0.example/sources?failing=true&from=2026-10-01&to=2026-10-30&limit=5")
                .containsPattern("first answer: [1-9]\\d* sources match")
                .containsPattern("measured: [\\d,]+ requests in [\\d.]+ s = [\\d.]+ requests/s; latency p50 \\d+ ms,"
                        + " p99 \\d+ ms, max \\d+ ms; 0 failed\n")
                .containsPattern("CPU: this process [\\d.]+ CPU-s = [\\d.]+ ms per answered request");
        assertThat(out.toString()).doesNotContain("measured: 0 requests");
    }

    @Test
    void benchApiSaysWhyWhenTheQuestionIsNotAnswered(@TempDir Path dir) {
        String url = "duckdb:" + dir.resolve("bench.duckdb");
        StringWriter err = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("bench", "api", "--store", url, "--domain", "nowhere.example", "--seconds", "1");
        assertThat(status).isEqualTo(1);
        assertThat(err.toString())
                .contains("ruaflow bench api: GET /api/domains/nowhere.example/sources")
                .contains(" answered 404");
    }

    @Test
    void benchApiPercentilesAreNearestRank() {
        BenchApiCommand.Load.Result result =
                new BenchApiCommand.Load.Result(new long[] {1_000_000, 2_000_000, 3_000_000, 4_000_000}, 0, null, 1, 0);
        assertThat(result.percentileMillis(0.5)).isEqualTo(2.0);
        assertThat(result.percentileMillis(0.99)).isEqualTo(4.0);
        assertThat(result.percentileMillis(1.0)).isEqualTo(4.0);
        assertThat(new BenchApiCommand.Load.Result(new long[0], 3, "HTTP 500", 1, 0).percentileMillis(0.5))
                .isZero();
    }

    @ParameterizedTest
    @CsvSource({"dmarc_cat, dmarc-cat, 300", "mail_dmarc, dmarc_receive, 20"})
    void benchCompareTimesBothCommandsOnTheSameFileAndPrintsTheRatio(String peer, String program, int records) {
        boolean installed = java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(program + " is not installed; CI=true, so this is a failure");
        }
        Assumptions.assumeTrue(installed, program + " is not installed; skipping");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status =
                cli.execute("bench", "compare", "--peer", peer, "--records", Integer.toString(records), "--runs", "2");
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("report: " + records + " records")
                .containsPattern("run 1 ruaflow +[\\d.]+ s wall")
                .containsPattern("run 2 peer +[\\d.]+ s wall")
                .containsPattern("ratio \\(peer / ruaflow\\): [\\d.]+x wall, [\\d.]+x CPU");
    }

    @Test
    void comparedRuaflowFindsItsJarFromTheBenchFolderWhenStartedWithARelativeOne() {
        String separator = java.io.File.pathSeparator;
        List<String> launch = BenchCompareCommand.ruaflowLaunch(
                List.of("-XX:TieredStopAtLevel=1"), "ruaflow.jar" + separator + "lib/extra.jar");
        String classPath = launch.get(launch.indexOf("-cp") + 1);
        assertThat(classPath.split(separator))
                .containsExactly(
                        java.nio.file.Path.of("ruaflow.jar").toAbsolutePath().toString(),
                        java.nio.file.Path.of("lib/extra.jar").toAbsolutePath().toString());
        assertThat(launch).contains("-XX:TieredStopAtLevel=1").endsWith(Main.class.getName());
    }

    @Test
    void medianTakesTheMiddleWallTimeAndTheRunOfMiddleCpu() {
        var runs = List.of(
                new BenchCompareCommand.Times(9, 1, 0.5),
                new BenchCompareCommand.Times(1, 3, 0),
                new BenchCompareCommand.Times(5, 2, 0.1));
        assertThat(BenchCompareCommand.median(runs)).isEqualTo(new BenchCompareCommand.Times(5, 2, 0.1));
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
