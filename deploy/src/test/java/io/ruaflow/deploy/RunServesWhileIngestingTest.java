package io.ruaflow.deploy;

import static io.ruaflow.deploy.ImportQueryCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.deploy.ImportQueryCommandTest.Result;
import io.ruaflow.parser.ReportJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-command setup of a small domain owner, as a user runs it: {@code ruaflow run --dir INBOX} in its own
 * process ingests a folder and answers HTTP from the same JVM, and a second process that opens the DuckDB file is
 * told clearly who holds it and what to do instead. Both it and {@code run --demo} exit 0 on SIGTERM.
 */
class RunServesWhileIngestingTest {
    private static final Pattern SERVING = Pattern.compile("serving (\\S+) at (http://127\\.0\\.0\\.1:\\d+/)");
    private static final Pattern DEMO_READY = Pattern.compile("ruaflow demo is ready");
    private static final long STARTUP_SECONDS = 300;
    private static final long INGEST_SECONDS = 180;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void stopChild() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroy();
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void runIngestsAFolderWhileServingHttpAndASecondProcessIsRefusedClearly() throws Exception {
        List<Path> reports = demoReports();
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        for (Path report : reports.subList(0, 3)) {
            Files.copy(report, inbox.resolve(report.getFileName()));
        }
        Path storeFile = dir.resolve("run.duckdb");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        "--dir",
                        inbox.toString(),
                        "--store",
                        "duckdb:" + storeFile,
                        "--no-dns",
                        "--set",
                        "api.port=" + port, // the declared key, as in ruaflow.env, not a flag of its own
                        "--set",
                        "ingest.poll.ms=200",
                        "--set",
                        "sink.batch.max.ms=100")
                .redirectError(dir.resolve("run.log").toFile())
                .start();
        String base = awaitServing();
        assertThat(base).as(log()).endsWith(":" + port + "/");

        assertThat(awaitReports(base, 3)).as(log()).isEqualTo(3);
        assertThat(get(base, "").statusCode()).isEqualTo(200);

        // still ingesting while it serves: a report dropped in later is answered too
        Path fourth = reports.get(3);
        Files.copy(fourth, inbox.resolve(fourth.getFileName()));
        assertThat(awaitReports(base, 4)).as(log()).isEqualTo(4);

        for (String[] second : List.of(
                new String[] {"query", "domains", "--store", "duckdb:" + storeFile},
                new String[] {"import", fourth.toString(), "--store", "duckdb:" + storeFile, "--no-dns"},
                new String[] {"api", "--store", "duckdb:" + storeFile, "--port", "0"})) {
            Result refused = run(second);
            assertThat(refused.exit()).as(refused.err()).isEqualTo(1);
            assertThat(refused.err())
                    .contains("duckdb:" + storeFile + " is in use by another process")
                    .contains("PID " + child.pid())
                    .contains("over HTTP")
                    .contains("ClickHouse")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }

        // SIGTERM stops it in order and it says so with exit 0, as its help promises
        child.destroy();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(child.exitValue()).as(log()).isZero();
    }

    @Test
    void demoStoppedWithSigtermExitsZeroAndRemovesItsFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path reports = demoReports().get(0).getParent();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(
                        java,
                        "-Djava.io.tmpdir=" + tmp,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        "--demo",
                        "--demo-dir",
                        reports.toString(),
                        "--api-port",
                        "0")
                .redirectError(dir.resolve("run.log").toFile())
                .start();
        awaitLine(DEMO_READY);
        assertThat(demoFolders(tmp))
                .as("the demo works in a folder under java.io.tmpdir")
                .isEqualTo(1);

        child.destroy(); // SIGTERM
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(child.exitValue()).as(log()).isZero();
        assertThat(demoFolders(tmp)).as(log()).isZero();
    }

    private static long demoFolders(Path tmp) throws Exception {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("ruaflow-demo"))
                    .count();
        }
    }

    private String awaitServing() throws Exception {
        return awaitLine(SERVING).group(2);
    }

    private Matcher awaitLine(Pattern wanted) throws Exception {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.readLine();
            if (line == null) {
                break;
            }
            Matcher matcher = wanted.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new AssertionError("ruaflow run never printed " + wanted + "; its log:\n" + log());
    }

    /** Polls the reports list (a new limit each time, so no cached answer is reused) until it holds {@code n}. */
    private int awaitReports(String base, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(INGEST_SECONDS);
        int seen = -1;
        for (int limit = 1000; System.nanoTime() < deadline && child.isAlive(); limit--) {
            HttpResponse<String> response = get(base, "api/reports?limit=" + limit);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode list = ReportJson.mapper().readTree(response.body());
            seen = list.size();
            if (seen >= n) {
                return seen;
            }
            Thread.sleep(200);
        }
        return seen;
    }

    private static HttpResponse<String> get(String base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("run.log"));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    private static List<Path> demoReports() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("samples/demo/reports"))) {
            root = root.getParent();
        }
        assertThat(root).as("samples/demo/reports above the working directory").isNotNull();
        try (Stream<Path> files = Files.list(root.resolve("samples/demo/reports"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".zip"))
                    .sorted()
                    .limit(4)
                    .toList();
        }
    }
}
