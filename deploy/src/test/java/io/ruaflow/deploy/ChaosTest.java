package io.ruaflow.deploy;

import static io.ruaflow.deploy.TestPipelines.TINY_REPORT_DAYS;
import static io.ruaflow.deploy.TestPipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.ingest.testing.KafkaBroker;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.testing.ClickHouseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline as it is deployed at scale, under crashes: ingest, process and sink each in its own JVM over a real
 * Kafka broker into ClickHouse, {@link #KILLS} seeded random {@code kill -9}s of a role (restarted at once) and one
 * broker restart while {@link #REPORTS} reports stream through. At the end every report, and every message per
 * domain and per source IP, is counted exactly once, and each role stopped with SIGTERM exits 0. The seed is
 * printed; rerun one with {@code -Druaflow.chaos.seed=N}.
 */
class ChaosTest {
    static final int REPORTS = 600;
    static final int KILLS = 6;
    /** Input arrives in waves while the roles run, so that every kill lands mid-stream. */
    static final int WAVES = 30;

    private static final long WAVE_PAUSE_MS = 400;
    static final List<String> DOMAINS = List.of("example.com", "example.net", "example.org");
    private static final Duration SETTLE = Duration.ofSeconds(150);
    private static final List<String> ROLES = List.of("ingest", "process", "sink");

    @TempDir
    Path dir;

    private KafkaBroker broker;
    private final Map<String, Process> running = new TreeMap<>();
    private Map<String, String> flags;

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : running.values()) {
            p.destroyForcibly().waitFor();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void killedRolesAndARestartedBrokerCountEveryMessageOnce() throws Exception {
        long seed = Long.getLong("ruaflow.chaos.seed", System.nanoTime());
        System.out.println("ChaosTest seed " + seed + " (rerun with -Druaflow.chaos.seed=" + seed + ")");
        Random random = new Random(seed);

        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        List<Path> waves = new ArrayList<>();
        for (int w = 0; w < WAVES; w++) {
            waves.add(Files.createDirectories(staging.resolve("wave" + w)));
        }
        for (int i = 0; i < REPORTS; i++) {
            String domain = DOMAINS.get(random.nextInt(DOMAINS.size()));
            int records = 1 + random.nextInt(4);
            Files.write(
                    waves.get(i % WAVES).resolve(String.format("r%04d.xml.gz", i)),
                    ReportBuilder.gzip(ReportBuilder.xml("org" + i % 5 + ".example", "chaos-" + i, domain, records)));
            for (int r = 0; r < records; r++) {
                expected.computeIfAbsent(domain, d -> new TreeMap<>())
                        .merge("192.0.2." + (r + 1), (long) ReportBuilder.MESSAGES_PER_RECORD, Long::sum);
            }
        }
        // the kills and the broker restart land on distinct random waves of input, after the first
        List<Integer> order = new ArrayList<>();
        for (int w = 1; w < WAVES; w++) {
            order.add(w);
        }
        java.util.Collections.shuffle(order, random);
        List<Integer> killWaves = order.subList(0, KILLS);
        int brokerWave = order.get(KILLS);

        broker = KafkaBroker.start();
        String storeUrl = ClickHouseServer.shared().newDatabaseUrl();
        flags = TestPipelines.baseFlags(broker.bootstrap());
        flags.put("store.url", storeUrl);
        flags.put("ingest.dir", inbox.toString());
        flags.put("kafka.session.timeout.ms", "6000");
        flags.put("kafka.heartbeat.interval.ms", "500");
        flags.remove("kafka.client.consumer.session.timeout.ms");
        flags.remove("kafka.client.consumer.heartbeat.interval.ms");

        try (ReportStore store = ReportStores.open(storeUrl)) {
            feed(waves.get(0), inbox);
            for (String role : ROLES) {
                start(role);
            }
            await(() -> reports(store) >= 1, SETTLE); // every role is up
            for (int w = 1; w < WAVES; w++) {
                feed(waves.get(w), inbox);
                Thread.sleep(WAVE_PAUSE_MS);
                if (killWaves.contains(w)) {
                    String role = ROLES.get(random.nextInt(ROLES.size()));
                    running.remove(role).destroyForcibly().waitFor(); // kill -9
                    System.out.println(
                            "ChaosTest kill -9 " + role + " at wave " + w + ", " + reports(store) + " reports stored");
                    start(role);
                }
                if (w == brokerWave) {
                    broker.stop();
                    Thread.sleep(1_000);
                    broker.restart();
                    System.out.println("ChaosTest broker restarted at wave " + w);
                }
            }
            await(() -> reports(store) >= REPORTS, SETTLE);
            Thread.sleep(1_000); // a duplicate written late would show now

            assertThat(reports(store)).isEqualTo(REPORTS);
            Map<String, Map<String, Long>> counted = new TreeMap<>();
            for (String domain : DOMAINS) {
                for (SourceRow row : store.sources(domain, TINY_REPORT_DAYS, new SourceQuery(false, 1_000))) {
                    counted.computeIfAbsent(domain, d -> new TreeMap<>()).put(row.sourceIp(), row.messages());
                }
            }
            assertThat(counted).isEqualTo(expected);
            long messages = expected.values().stream()
                    .flatMap(m -> m.values().stream())
                    .mapToLong(Long::longValue)
                    .sum();
            System.out.printf(
                    "ChaosTest seed %d: %d kills and 1 broker restart survived; %d reports, %d messages counted"
                            + " exactly once per domain and source IP%n",
                    seed, KILLS, REPORTS, messages);
        }

        for (String role : ROLES) {
            Process p = running.remove(role);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(role).isTrue();
            assertThat(p.exitValue())
                    .as(role + " stopped with SIGTERM; log " + log(role))
                    .isZero();
        }
    }

    /** Moves one wave of reports into the inbox, each file whole (a rename), as a mail system would deliver. */
    private static void feed(Path wave, Path inbox) throws Exception {
        try (var files = Files.list(wave)) {
            for (Path file : files.toList()) {
                Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static long reports(ReportStore store) {
        long n = 0;
        for (String domain : DOMAINS) {
            n += store.summary(domain, TINY_REPORT_DAYS).reports();
        }
        return n;
    }

    private void start(String role) throws Exception {
        running.put(role, TestPipelines.startRole(role, flags, Map.of(), dir.resolve(role + ".log")));
    }

    private String log(String role) {
        return TestPipelines.tail(dir.resolve(role + ".log"));
    }
}
