package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.samples.ReportBuilder;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first run, as real processes with their own environment: {@code import}, then {@code api}, then
 * {@code query}, then {@code report weekly}, none given {@code --store}, all see the same data (the one default store
 * in the XDG data folder); and every one of them honours {@code RUAFLOW_STORE_URL} instead.
 */
class FirstRunTest {
    private static final Pattern SERVING = Pattern.compile("at http://[^:]+:(\\d+)/");
    private static final long PROCESS_TIMEOUT_SECONDS = 300;
    private static final String RANGE = "--from=2025-11-01";
    private static final String RANGE_END = "--to=2025-11-30";

    @TempDir
    Path dir;

    private int started;

    record Run(int exit, String out, String err) {}

    @Test
    void everyCommandWithoutStoreSeesTheSameDefaultStoreAndEveryOneHonoursTheStoreUrlVariable() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Files.writeString(reports.resolve("a.xml"), ReportBuilder.xml("first.example", "a-1", "example.com", 4));
        Files.writeString(reports.resolve("b.xml"), ReportBuilder.xml("second.example", "b-1", "example.com", 3));
        long messages = 7L * ReportBuilder.MESSAGES_PER_RECORD;
        Map<String, String> xdg = Map.of("XDG_DATA_HOME", dir.resolve("xdg").toString());

        Run imported = run(xdg, "import", reports.toString(), "--no-dns");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("2 reports stored, 7 records");
        assertThat(dir.resolve("xdg/ruaflow/ruaflow.duckdb")).exists();
        assertSeenByEveryReader(xdg, messages);

        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("c.xml"), ReportBuilder.xml("third.example", "c-1", "example.com", 2));
        Map<String, String> byVariable = Map.of(
                "XDG_DATA_HOME",
                dir.resolve("xdg").toString(),
                "RUAFLOW_STORE_URL",
                "duckdb:" + dir.resolve("by-variable.duckdb"));
        Run importedByVariable = run(byVariable, "import", other.toString(), "--no-dns");
        assertThat(importedByVariable.exit()).as(importedByVariable.err()).isZero();
        assertThat(dir.resolve("by-variable.duckdb")).exists();
        assertSeenByEveryReader(byVariable, 2L * ReportBuilder.MESSAGES_PER_RECORD);
    }

    private void assertSeenByEveryReader(Map<String, String> env, long messages) throws Exception {
        assertThat(apiSummary(env)).contains("\"messages\":" + messages);

        Run query = run(env, "query", "summary", "--domain", "example.com", RANGE, RANGE_END, "--format", "json");
        assertThat(query.exit()).as(query.err()).isZero();
        assertThat(query.out()).containsPattern("\"messages\"\\s*:\\s*" + messages + "\\b");

        Run weekly = run(env, "report", "weekly", "--domain", "example.com", "--week", "2025-W47", "--format", "csv");
        assertThat(weekly.exit()).as(weekly.err()).isZero();
        assertThat(weekly.out()).contains("messages," + messages + "\r\n");
    }

    /** Starts {@code ruaflow api --port 0}, asks for the domain's summary, stops it with SIGTERM. */
    private String apiSummary(Map<String, String> env) throws Exception {
        Process api = start(env, "api", "--port", "0");
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(api.getInputStream(), StandardCharsets.UTF_8));
            String port = null;
            List<String> seen = new ArrayList<>();
            for (String line = out.readLine(); line != null && port == null; line = out.readLine()) {
                seen.add(line);
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    port = m.group(1);
                }
            }
            assertThat(port).as("api output: %s", seen).isNotNull();
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                            + "/api/domains/example.com/summary?from=2025-11-01&to=2025-11-30"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response.body().replace(" ", "");
        } finally {
            api.destroy();
            if (!api.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                api.destroyForcibly();
            }
        }
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        Process process = start(env, args);
        Path err = dir.resolve("stderr-" + started);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ruaflow " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), out, Files.readString(err));
    }

    /** The ruaflow command in a fresh JVM on this test's class path, with {@code env} as its only extra settings. */
    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("RUAFLOW_STORE_URL");
        builder.environment().remove("XDG_DATA_HOME");
        builder.environment().putAll(env);
        started++;
        return builder.redirectError(new File(dir.toFile(), "stderr-" + started))
                .start();
    }
}
