package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.api.HealthServer;
import io.ruaflow.deploy.ImportQueryCommandTest.Result;
import io.ruaflow.ingest.testing.KafkaBroker;
import io.ruaflow.parser.ReportJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each role, started in this JVM through its command line over a real Kafka broker, serves {@code /healthz},
 * {@code /readyz} and {@code /metrics}: ingest, process and sink on their {@code metrics.port}, the API on its port
 * (the ports and paths the deploy files probe). Each says ready once it runs, and stops with exit 0 when told to,
 * as on SIGTERM.
 */
class RoleProbesTest {
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void everyRoleServesItsProbesAndMetricsAndStopsWithExitZero() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("sink", List.of("--store", "duckdb:" + dir.resolve("probes.duckdb")));
        roles.put("process", List.of("--no-dns"));
        roles.put("ingest", List.of("--dir", inbox.toString()));
        Map<String, Integer> ports = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(roles.size());
        ExecutorService apiPool = Executors.newSingleThreadExecutor();
        List<Future<Result>> exits = new ArrayList<>();
        try {
            for (Map.Entry<String, List<String>> role : roles.entrySet()) {
                int port = freePort();
                ports.put(role.getKey(), port);
                List<String> args = new ArrayList<>(List.of(role.getKey(), "--kafka", broker.bootstrap()));
                args.addAll(role.getValue());
                args.addAll(List.of(
                        "--set", "metrics.port=" + port,
                        "--set", "topic.raw=probes.raw",
                        "--set", "topic.records=probes.records",
                        "--set", "topic.dlq=probes.dlq",
                        "--set", "topic.create.partitions=1",
                        "--set", "ingest.poll.ms=200"));
                exits.add(pool.submit(() -> ImportQueryCommandTest.run(args.toArray(String[]::new))));
            }
            for (Map.Entry<String, Integer> role : ports.entrySet()) {
                String base = "http://127.0.0.1:" + role.getValue();
                HttpResponse<String> health = await(base + "/healthz", 200);
                assertThat(json(health).path("status").asText()).isEqualTo("ok");
                assertThat(json(health).path("role").asText()).isEqualTo(role.getKey());
                HttpResponse<String> ready = await(base + "/readyz", 200);
                assertThat(json(ready).path("status").asText()).isEqualTo("ready");
                HttpResponse<String> metrics = get(base + "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
                assertThat(metrics.body())
                        .as(role.getKey() + " metrics")
                        .contains("# TYPE process_uptime_seconds gauge")
                        .contains("jvm_memory_used_bytes");
                HttpResponse<String> other = get(base + "/api/domains");
                assertThat(other.statusCode()).isEqualTo(404);
                assertThat(json(other).path("error").asText()).contains("/api/domains");
            }
            assertThat(ports.keySet()).hasSize(3);
            assertThat(HealthServer.PATHS).containsExactly("/healthz", "/readyz", "/metrics");

            // the api role serves the same paths on its API port, without a token
            int apiPort = freePort();
            ports.put("api", apiPort);
            exits.add(apiPool.submit(() -> ImportQueryCommandTest.run(
                    "api",
                    "--store",
                    "duckdb:" + dir.resolve("api.duckdb"),
                    "--port",
                    Integer.toString(apiPort),
                    "--no-dns")));
            String api = "http://127.0.0.1:" + apiPort;
            assertThat(json(await(api + "/healthz", 200)).path("status").asText())
                    .isEqualTo("ok");
            assertThat(json(await(api + "/readyz", 200)).path("status").asText())
                    .isEqualTo("ready");
            assertThat(get(api + "/metrics").body()).contains("# TYPE ");
        } finally {
            Termination.stopAll();
            pool.shutdown();
            apiPool.shutdown();
        }
        for (Future<Result> exit : exits) {
            Result result = exit.get(120, TimeUnit.SECONDS);
            assertThat(result.exit()).as(result.err()).isZero();
        }
        for (int port : ports.values()) {
            assertThat(refused(port))
                    .as("port " + port + " closed after the role stopped")
                    .isTrue();
        }
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTakenMetricsPortIsOneLineNamingTheKeysAndExitOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result result = ImportQueryCommandTest.run(
                    "sink",
                    "--kafka",
                    broker.bootstrap(),
                    "--store",
                    "duckdb:" + dir.resolve("taken.duckdb"),
                    "--set",
                    "metrics.port=" + taken.getLocalPort());
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err())
                    .contains("ruaflow sink: cannot serve health and metrics on 127.0.0.1:" + taken.getLocalPort())
                    .contains("metrics.port")
                    .doesNotContain("\tat ");
        }
    }

    private static HttpResponse<String> await(String url, int status) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(url);
                if (last.statusCode() == status) {
                    return last;
                }
            } catch (ConnectException notYet) {
                // the role has not bound its port yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " never answered " + status + " within " + READY_WITHIN + "; last: "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return ReportJson.mapper().readTree(response.body());
    }

    private static boolean refused(int port) throws InterruptedException {
        try {
            get("http://127.0.0.1:" + port + "/healthz");
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
