package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ruaflow.enricher.Classification;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.StoreTestData;
import io.ruaflow.store.testing.StoreTestData.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A manual load measurement, not a test of speed: fills a DuckDB store with {@link #REPORTS} reports of
 * {@link #RECORDS_PER_REPORT} records (kept in {@code target/bench} for reruns), serves it, and runs
 * {@code wrk -t2 -c16 -d60s --latency} against the sources endpoint. Runs only with {@code -Druaflow.bench=true}:
 *
 * <pre>mvn -B -o -pl api -am verify -Druaflow.bench=true -Dtest=SourcesEndpointBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * The wrk output is printed and kept in {@code api/target/bench/wrk-*.txt}; the only assertion is that wrk saw no
 * errors and no non-2xx answers.
 */
class SourcesEndpointBench {
    static final int REPORTS = 3_000;
    static final int RECORDS_PER_REPORT = 100;
    static final int DOMAINS = 3;
    static final String DURATION = System.getProperty("ruaflow.bench.duration", "60s");
    /** 0 measures the store itself, every request a query; the default measures the server as deployed. */
    static final long CACHE_SECONDS = Long.getLong("ruaflow.bench.cache.seconds", 15);

    @Test
    void sourcesEndpointUnderWrk() throws Exception {
        Assumptions.assumeTrue(
                Boolean.getBoolean("ruaflow.bench"), "set -Druaflow.bench=true to run the load measurement");
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Path db = dir.resolve("bench.duckdb");
        boolean fresh = !Files.exists(db);
        try (ReportStore store = ReportStores.open("duckdb:" + db.toAbsolutePath())) {
            if (fresh) {
                long started = System.nanoTime();
                fill(store);
                System.out.printf(
                        "filled %s with %d records in %d s%n",
                        store.describe(),
                        REPORTS * RECORDS_PER_REPORT,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            }
            try (ApiServer server = ApiServer.start(
                    ApiSettings.loopback(0).withCacheTtl(java.time.Duration.ofSeconds(CACHE_SECONDS)),
                    store,
                    UploadHandler.refusing("bench"),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
                String base = "http://127.0.0.1:" + server.port();
                for (String query : List.of("failing=true&limit=100", "limit=100")) {
                    String url = base + "/api/domains/bench0.example/sources?from=2026-09-25&to=2026-11-20&" + query;
                    System.out.println("sample answer: "
                            + new Http(server.port(), null)
                                    .get(url.substring(base.length()))
                                    .body()
                                    .substring(0, 300));
                    Process wrk = new ProcessBuilder(
                                    "wrk",
                                    "-t2",
                                    "-c16",
                                    "-d" + DURATION,
                                    "--latency",
                                    "--timeout",
                                    System.getProperty("ruaflow.bench.timeout", "2s"),
                                    url)
                            .redirectErrorStream(true)
                            .start();
                    String output = new String(wrk.getInputStream().readAllBytes());
                    wrk.waitFor();
                    Files.writeString(
                            dir.resolve("wrk-" + (query.startsWith("failing") ? "failing" : "all") + "-cache"
                                    + CACHE_SECONDS + "s.txt"),
                            url + "\n" + output);
                    System.out.println(url + "\n" + output);
                    assertThat(output)
                            .contains("Requests/sec")
                            .doesNotContain("Non-2xx")
                            .doesNotContain("Socket errors");
                }
            }
        }
    }

    /** Realistic shape: 60 days, several reporters, ~20k distinct IPs per domain, 5% unauthorized volume. */
    static void fill(ReportStore store) {
        Random random = new Random(46);
        String[] orgs = {"google.com", "Yahoo", "Outlook.com", "Mail.Ru", "Fastmail Pty", "comcast.net", "GMX"};
        Classification[] classes = Classification.values();
        LocalDate first = LocalDate.of(2026, 9, 22);
        List<RecordsMessage> batch = new ArrayList<>();
        for (int r = 0; r < REPORTS; r++) {
            String domain = "bench" + (r % DOMAINS) + ".example";
            LocalDate day = first.plusDays(random.nextInt(60));
            ReportHeader header = ReportBuilder.dayHeader(orgs[random.nextInt(orgs.length)], "b-" + r, domain, day);
            Source[] sources = new Source[RECORDS_PER_REPORT];
            for (int i = 0; i < RECORDS_PER_REPORT; i++) {
                int host = random.nextInt(20_000);
                String ip = "10." + (host >> 16 & 255) + "." + (host >> 8 & 255) + "." + (host & 255);
                boolean bad = random.nextInt(20) == 0;
                Source s =
                        bad ? Source.failing(ip, 1 + random.nextInt(10)) : Source.passing(ip, 1 + random.nextInt(200));
                if (bad) {
                    s = s.withClassification(classes[1 + random.nextInt(classes.length - 1)]);
                }
                sources[i] = s.withEnrichment(
                        "host" + host + ".mail.example.net",
                        "Service " + (host % 7),
                        bad ? "fail" : "pass",
                        Instant.parse("2026-11-20T00:00:00Z"));
            }
            batch.addAll(StoreTestData.report(header, sources));
            if (batch.size() >= 20_000) {
                store.write(batch);
                batch.clear();
            }
        }
        store.write(batch);
    }
}
