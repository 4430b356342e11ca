package io.ruaflow.deploy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ruaflow.api.ApiServer;
import io.ruaflow.api.ApiSettings;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ruaflow bench api}: the HTTP API under concurrent uncached requests for one domain's failing sources, served
 * and requested in this process, so that requests/s and the CPU each request costs come from one command.
 */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the HTTP API over a store in this process with the answer cache off, and ask it for one domain's"
                    + " failing sources from N connections at once for a while; print requests/s, latency p50/p99,"
                    + " failed requests and this process's CPU per request.",
            "Fill the store first, e.g. with `ruaflow bench store`: its first domain and days are the default"
                    + " question."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the store could not be opened, or the first request was not answered with 200 (the reason is on"
                    + " stderr)",
            "2:invalid command line"
        })
final class BenchApiCommand implements Callable<Integer> {
    /** How long one request may take before it counts as failed. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(
            names = "--domain",
            paramLabel = "DOMAIN",
            description =
                    "Policy domain asked for. Default: the first domain `bench store` writes, " + "${DEFAULT-VALUE}")
    String domain = BenchStoreCommand.Generator.domain(0);

    @Option(
            names = "--from",
            paramLabel = "DATE",
            description = "First day asked for. Default: ${DEFAULT-VALUE}, as `bench store` writes")
    LocalDate from = BenchStoreCommand.ALL_DAYS.from();

    @Option(names = "--to", paramLabel = "DATE", description = "Last day asked for. Default: ${DEFAULT-VALUE}")
    LocalDate to = BenchStoreCommand.ALL_DAYS.to();

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "Sources per answer. Default: ${DEFAULT-VALUE}")
    int limit;

    @Option(
            names = "--connections",
            paramLabel = "N",
            defaultValue = "16",
            description = "Requests in flight at once, each on its own connection. Default: ${DEFAULT-VALUE}")
    int connections;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "30",
            description = "How long requests are timed. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(
            names = "--warmup",
            paramLabel = "S",
            defaultValue = "5",
            description = "Seconds of untimed requests first (the JIT, DuckDB's caches). Default: ${DEFAULT-VALUE}")
    int warmup;

    @Override
    public Integer call() {
        if (connections < 1 || seconds < 1 || warmup < 0 || limit < 1 || from.isAfter(to)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--connections, --seconds and --limit must be >= 1, --warmup >= 0, --from not after --to");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApiSettings settings = ApiSettings.loopback(0).withCacheTtl(Duration.ZERO);
        try (ReportStore reportStore = store.open();
                ApiServer server = ApiServer.start(
                        settings,
                        reportStore,
                        input -> {
                            throw new ReportRejectedException(input.name(), "bench api takes no uploads");
                        },
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            String path = "/api/domains/" + URLEncoder.encode(domain, StandardCharsets.UTF_8)
                    + "/sources?failing=true&from=" + from + "&to=" + to + "&limit=" + limit;
            URI uri = URI.create("http://" + ApiSettings.DEFAULT_BIND + ":" + server.port() + path);
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(REQUEST_TIMEOUT)
                    .build();
            HttpRequest request =
                    HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
            HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (first.statusCode() != 200) {
                err.println("ruaflow bench api: GET " + path + " answered " + first.statusCode() + ": "
                        + first.body().substring(0, Math.min(first.body().length(), 300)));
                return 1;
            }
            out.printf(
                    Locale.ROOT,
                    "api over %s: GET %s, answer cache off, %d connections, %d s after %d s of warm-up%n",
                    reportStore.describe(),
                    path,
                    connections,
                    seconds,
                    warmup);
            out.printf(
                    Locale.ROOT,
                    "first answer: %s sources match, %,d bytes%n",
                    first.headers().firstValue("X-Total-Count").orElse("?"),
                    first.body().length());
            out.flush();
            Load load = new Load(client, request, connections);
            try {
                load.run(Duration.ofSeconds(warmup));
                long cpuStart = BenchStoreCommand.processCpuNanos();
                Load.Result result = load.run(Duration.ofSeconds(seconds));
                long cpu = BenchStoreCommand.processCpuNanos() - cpuStart;
                long answered = result.latencies().length;
                out.printf(
                        Locale.ROOT,
                        "measured: %,d requests in %.1f s = %.1f requests/s; latency p50 %.0f ms, p99 %.0f ms, max %.0f"
                                + " ms; %d failed%s%n",
                        answered + result.failed(),
                        result.seconds(),
                        answered / result.seconds(),
                        result.percentileMillis(0.50),
                        result.percentileMillis(0.99),
                        result.percentileMillis(1.0),
                        result.failed(),
                        result.firstFailure() == null ? "" : " (first: " + result.firstFailure() + ")");
                out.printf(
                        Locale.ROOT,
                        "CPU: this process %.1f CPU-s = %.1f ms per answered request (the server and these clients;"
                                + " the clients' request threads %.1f CPU-s)%n",
                        cpu / 1e9,
                        answered == 0 ? 0 : cpu / 1e6 / answered,
                        result.clientCpuNanos() / 1e9);
            } finally {
                load.close();
            }
            return 0;
        } catch (StoreLockedException | StoreUnavailableException | IllegalStateException | IOException e) {
            err.println("ruaflow bench api: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ruaflow bench api: interrupted");
            return 1;
        }
    }

    /** {@code connections} threads each sending the request again as soon as it is answered. */
    static final class Load implements AutoCloseable {
        private final HttpClient client;
        private final HttpRequest request;
        private final int connections;
        private final ExecutorService threads;

        Load(HttpClient client, HttpRequest request, int connections) {
            this.client = client;
            this.request = request;
            this.connections = connections;
            this.threads = Executors.newFixedThreadPool(connections, runnable -> {
                Thread thread = new Thread(runnable, "ruaflow-bench-api-client");
                thread.setDaemon(true);
                return thread;
            });
        }

        /** Sends requests until {@code duration} has passed, then waits for those in flight. */
        Result run(Duration duration) throws InterruptedException {
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Future<Client>> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                clients.add(threads.submit(() -> requestUntil(deadline)));
            }
            List<Client> done = new ArrayList<>();
            for (Future<Client> future : clients) {
                try {
                    done.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a client failed: " + e.getCause(), e.getCause());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] latencies = done.stream()
                    .flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.answered))
                    .sorted()
                    .toArray();
            long failed = done.stream().mapToLong(c -> c.failed).sum();
            String firstFailure = done.stream()
                    .map(c -> c.firstFailure)
                    .filter(f -> f != null)
                    .findFirst()
                    .orElse(null);
            long cpu = done.stream().mapToLong(c -> c.cpuNanos).sum();
            return new Result(latencies, failed, firstFailure, seconds, cpu);
        }

        private Client requestUntil(long deadline) throws InterruptedException {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            long cpuStart = bean.getCurrentThreadCpuTime();
            Client c = new Client();
            while (System.nanoTime() < deadline) {
                long sent = System.nanoTime();
                try {
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        c.answered(System.nanoTime() - sent);
                    } else {
                        c.failed("HTTP " + response.statusCode());
                    }
                } catch (IOException e) {
                    c.failed(e.toString());
                }
            }
            c.cpuNanos = bean.getCurrentThreadCpuTime() - cpuStart;
            return c;
        }

        @Override
        public void close() {
            threads.shutdownNow();
        }

        /** One client thread's tally. */
        private static final class Client {
            long[] latencies = new long[256];
            int answered;
            long failed;
            String firstFailure;
            long cpuNanos;

            void answered(long nanos) {
                if (answered == latencies.length) {
                    latencies = Arrays.copyOf(latencies, answered * 2);
                }
                latencies[answered++] = nanos;
            }

            void failed(String why) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = why;
                }
            }
        }

        /** Answered requests' latencies (sorted, nanoseconds), failures, wall seconds and the clients' CPU. */
        record Result(long[] latencies, long failed, String firstFailure, double seconds, long clientCpuNanos) {
            /** The latency below which {@code fraction} of the answered requests fall (nearest rank), 0 if none. */
            double percentileMillis(double fraction) {
                if (latencies.length == 0) {
                    return 0;
                }
                int rank = (int) Math.ceil(fraction * latencies.length);
                return latencies[Math.max(0, Math.min(latencies.length, rank) - 1)] / 1e6;
            }
        }
    }
}
