package io.ruaflow.deploy;

import static io.ruaflow.deploy.TestPipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.ingest.testing.Drain;
import io.ruaflow.ingest.testing.KafkaBroker;
import io.ruaflow.ingest.testing.Mailbox;
import io.ruaflow.ingest.transport.KafkaTransport;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.samples.FailureSamples;
import io.ruaflow.samples.Packaging;
import io.ruaflow.samples.SampleGenerator;
import io.ruaflow.samples.SampleOptions;
import io.ruaflow.samples.SampleReport;
import io.ruaflow.samples.TlsSamples;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.FailureRow;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.TlsSummary;
import io.ruaflow.store.testing.ClickHouseServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole mailbox: aggregate reports (Google's zip, Yahoo's and others' gzip, in each reporter's mail shape), SMTP
 * TLS reports (Google's {@code application/tlsrpt+gzip}, Microsoft's {@code application/tlsrpt+json} without
 * sending MTA IPs) and failure reports (ARF with the original's headers, ARF with the whole original, Exim's text),
 * all made by the {@code ruaflow samples} generators and mixed in one IMAP mailbox (GreenMail), end with every
 * report stored exactly once and nothing in {@code invalid}, through a restart mid-stream: over Kafka into
 * ClickHouse with the sink killed ({@code kill -9}) and started again, and in one JVM into DuckDB with {@code run}
 * stopped and started again. The mailbox is filled in two halves, the second while the sink (or {@code run}) is
 * down, so the restart always lands before the end, and the ingest picks the second half up while it idles (IMAP
 * IDLE, the default). The expected counts come from the generators' own facts, never from the parser.
 */
class WholeMailboxEndToEndTest {
    private static final long SEED = 14;
    private static final LocalDate FROM = LocalDate.parse("2026-11-09");
    private static final LocalDate TO = LocalDate.parse("2026-11-15");
    private static final DateRange RANGE = new DateRange(FROM, TO);
    private static final int AGGREGATES = 18;
    private static final int RECORDS_PER_AGGREGATE = 6;
    private static final int DOMAINS = 3;
    private static final int TLS_REPORTS = 8;
    /** Three of each shape. */
    private static final int FAILURE_REPORTS = 9;
    /** At most this many failure reports per domain are listed back; far more than the mailbox holds. */
    private static final int FAILURE_LIMIT = 1_000;

    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    /**
     * What the store counts, per kind: per domain the aggregate reports and their messages, per domain the TLS
     * reports and their successful and failed sessions, and every failure report as domain, source IP and arrival.
     */
    private record Counts(Map<String, List<Long>> aggregates, Map<String, List<Long>> tls, List<String> failures) {
        long reports() {
            return aggregates.values().stream().mapToLong(v -> v.get(0)).sum()
                    + tls.values().stream().mapToLong(v -> v.get(0)).sum()
                    + failures.size();
        }
    }

    /** The mails, in the order they are delivered (the kinds interleaved), and what the store must count. */
    private record Mix(List<byte[]> mails, Counts expected) {}

    private static Mix mix() {
        SampleGenerator generator =
                SampleGenerator.fromSeed(SEED, new SampleOptions(AGGREGATES, RECORDS_PER_AGGREGATE, DOMAINS, FROM, TO));
        List<byte[]> aggregates = new ArrayList<>();
        Map<String, List<Long>> aggregateCounts = new TreeMap<>();
        boolean zip = false;
        boolean gzip = false;
        for (SampleReport report : generator.reports()) {
            SampleReport mail = report.withPackaging(Packaging.EML);
            aggregates.add(generator.bytes(mail));
            zip |= mail.attachmentName().endsWith(".zip");
            gzip |= mail.attachmentName().endsWith(".xml.gz");
            long messages = 0;
            for (Iterator<ReportRecord> records = generator.records(report); records.hasNext(); ) {
                messages += records.next().count();
            }
            long sum = messages;
            aggregateCounts.merge(
                    report.policy().domain(),
                    List.of(1L, sum),
                    (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
        }
        assertThat(zip && gzip).as("zipped and gzipped aggregate mails").isTrue();

        List<byte[]> tls = new ArrayList<>();
        Map<String, List<Long>> tlsCounts = new TreeMap<>();
        for (TlsSamples.Sample s : TlsSamples.generate(generator.world(), TLS_REPORTS, FROM, TO)) {
            tls.add(s.mail());
            tlsCounts.merge(
                    s.domain(),
                    List.of(1L, s.successfulSessions(), s.failedSessions()),
                    (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), a.get(2) + b.get(2)));
        }
        String tlsText = String.join("", tls.stream().map(String::new).toList());
        assertThat(tlsText).contains("application/tlsrpt+gzip", "application/tlsrpt+json");

        List<byte[]> failures = new ArrayList<>();
        List<String> failureFacts = new ArrayList<>();
        List<FailureSamples.Sample> failureSamples =
                FailureSamples.generate(generator.world(), FAILURE_REPORTS, FROM, TO);
        assertThat(failureSamples.stream().map(FailureSamples.Sample::shape).distinct())
                .containsExactlyInAnyOrder(FailureSamples.Shape.values());
        for (FailureSamples.Sample s : failureSamples) {
            failures.add(s.mail().getBytes(StandardCharsets.UTF_8));
            // the store keeps an address in its RFC 5952 text: 2001:db8:bad:0::85 is 2001:db8:bad::85
            String ip = InetAddresses.toAddrString(InetAddresses.forString(s.sourceIp()));
            failureFacts.add(fact(s.domain(), ip, s.arrival().toInstant()));
        }
        failureFacts.sort(null);

        List<byte[]> mails = new ArrayList<>();
        int most = Math.max(aggregates.size(), Math.max(tls.size(), failures.size()));
        for (int i = 0; i < most; i++) {
            for (List<byte[]> kind : List.of(aggregates, tls, failures)) {
                if (i < kind.size()) {
                    mails.add(kind.get(i));
                }
            }
        }
        return new Mix(mails, new Counts(aggregateCounts, tlsCounts, failureFacts));
    }

    private static String fact(String domain, String sourceIp, java.time.Instant arrival) {
        return domain + " " + sourceIp + " " + arrival;
    }

    /** What {@code store} holds for the domains {@code expected} names, in the shape of {@link Counts}. */
    private static Counts stored(ReportStore store, Counts expected) {
        Map<String, List<Long>> aggregates = new TreeMap<>();
        for (String domain : expected.aggregates().keySet()) {
            DomainSummary summary = store.summary(domain, RANGE);
            aggregates.put(domain, List.of(summary.reports(), summary.messages()));
        }
        Map<String, List<Long>> tls = new TreeMap<>();
        for (String domain : expected.tls().keySet()) {
            TlsSummary summary = store.tls(domain, RANGE);
            long reports = summary.reporters().stream()
                    .mapToLong(TlsSummary.Reporter::reports)
                    .sum();
            tls.put(domain, List.of(reports, summary.successfulSessions(), summary.failedSessions()));
        }
        List<String> failures = new ArrayList<>();
        for (String domain : new TreeSet<>(expected.failures().stream()
                .map(f -> f.substring(0, f.indexOf(' ')))
                .toList())) {
            for (FailureRow row : store.failures(domain, RANGE, FAILURE_LIMIT)) {
                failures.add(fact(row.reportedDomain(), row.sourceIp(), row.arrival()));
            }
        }
        failures.sort(null);
        return new Counts(aggregates, tls, failures);
    }

    private Map<String, String> flags(String bootstrap, Mailbox mailbox, String prefix, String storeUrl) {
        Map<String, String> flags = TestPipelines.baseFlags(bootstrap);
        flags.put("imap.url", mailbox.imapUrl().toString());
        flags.put("imap.state.file", dir.resolve("imap.state").toString());
        flags.put("topic.raw", prefix + ".raw");
        flags.put("topic.records", prefix + ".records");
        flags.put("topic.dlq", prefix + ".dlq");
        flags.put("store.url", storeUrl);
        return flags;
    }

    private static void send(Mailbox mailbox, List<byte[]> mails) {
        for (byte[] mail : mails) {
            mailbox.send(mail);
        }
    }

    private static double deadLettered(SimpleMeterRegistry meters) {
        return meters.find("ruaflow.dlq.messages").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @Test
    void kafkaToClickHouseStoresEveryKindOnceThroughAKilledSink() throws Exception {
        Mix mix = mix();
        int half = mix.mails().size() / 2;
        String storeUrl = ClickHouseServer.shared().newDatabaseUrl();
        Map<String, String> env = Map.of("RUAFLOW_IMAP_PASSWORD", Mailbox.PASSWORD);
        Path sinkLog = dir.resolve("sink.log");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (KafkaBroker broker = KafkaBroker.start();
                Mailbox mailbox = Mailbox.start();
                ReportStore query = ReportStores.open(storeUrl)) {
            Map<String, String> flags = flags(broker.bootstrap(), mailbox, "whole-kafka", storeUrl);
            // the sink runs in its own JVM, to be killed: its group gives the partitions to the next one 6 s later
            Map<String, String> sinkFlags = new TreeMap<>(flags);
            sinkFlags.put("kafka.session.timeout.ms", "6000");
            sinkFlags.put("kafka.heartbeat.interval.ms", "500");
            sinkFlags.remove("kafka.client.consumer.session.timeout.ms");
            sinkFlags.remove("kafka.client.consumer.heartbeat.interval.ms");
            try (KafkaTransport reader = KafkaTransport.withBootstrap(broker.bootstrap());
                    Drain dlq = new Drain(reader, flags.get("topic.dlq"), "dlq-reader");
                    Pipeline process =
                            TestPipelines.start(flags, env, EnumSet.of(Pipeline.Role.PROCESS), false, s -> {}, meters);
                    Pipeline ingest =
                            TestPipelines.start(flags, env, EnumSet.of(Pipeline.Role.INGEST), false, s -> {}, meters)) {
                Process sink = TestPipelines.startRole("sink", sinkFlags, Map.of(), sinkLog);
                try {
                    send(mailbox, mix.mails().subList(0, half));
                    await(() -> stored(query, mix.expected()).reports() >= 2, STREAM_TIMEOUT);
                } finally {
                    sink.destroyForcibly().waitFor(); // kill -9, mid-stream
                }
                long atKill = stored(query, mix.expected()).reports();
                System.out.printf(
                        "WholeMailboxEndToEndTest: sink killed with %d of %d reports stored%n",
                        atKill, mix.expected().reports());
                assertThat(atKill).isPositive().isLessThan(mix.expected().reports());

                send(mailbox, mix.mails().subList(half, mix.mails().size())); // while no sink runs
                Process again = TestPipelines.startRole("sink", sinkFlags, Map.of(), sinkLog);
                try {
                    await(
                            () -> stored(query, mix.expected()).reports()
                                    >= mix.expected().reports(),
                            STREAM_TIMEOUT);
                    Thread.sleep(1_000); // a duplicate written late would show now
                    assertThat(stored(query, mix.expected()))
                            .as("sink log: " + TestPipelines.tail(sinkLog))
                            .isEqualTo(mix.expected());
                    await(() -> mailbox.count("processed") == mix.mails().size(), STREAM_TIMEOUT);
                } finally {
                    again.destroy(); // SIGTERM
                    assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
                }
                assertThat(again.exitValue())
                        .as("sink log: " + TestPipelines.tail(sinkLog))
                        .isZero();
                assertThat(mailbox.count("invalid")).isZero();
                assertThat(mailbox.count("INBOX")).isZero();
                assertThat(dlq.received()).isEmpty();
                assertThat(deadLettered(meters)).isZero();
            }
        }
    }

    @Test
    void oneJvmToDuckDbStoresEveryKindOnceThroughARestartOfRun() throws Exception {
        Mix mix = mix();
        int half = mix.mails().size() / 2;
        String storeUrl = "duckdb:" + dir.resolve("ruaflow.duckdb");
        Map<String, String> env = Map.of("RUAFLOW_IMAP_PASSWORD", Mailbox.PASSWORD);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Mailbox mailbox = Mailbox.start()) {
            Map<String, String> flags = flags(null, mailbox, "whole-local", storeUrl);
            try (Pipeline run = TestPipelines.start(flags, env, Pipeline.all(), false, s -> {}, meters)) {
                send(mailbox, mix.mails().subList(0, half));
                // in one JVM a mail is moved only once the store holds its reports
                await(() -> mailbox.count("processed") >= 2, STREAM_TIMEOUT);
            }
            int atStop = mailbox.count("processed");
            System.out.printf(
                    "WholeMailboxEndToEndTest: run stopped with %d of %d mails handled%n",
                    atStop, mix.mails().size());
            assertThat(atStop).isLessThan(mix.mails().size());

            send(mailbox, mix.mails().subList(half, mix.mails().size())); // while nothing runs
            try (Pipeline run = TestPipelines.start(flags, env, Pipeline.all(), false, s -> {}, meters)) {
                await(() -> mailbox.count("processed") == mix.mails().size(), STREAM_TIMEOUT);
            }
            assertThat(mailbox.count("invalid")).isZero();
            assertThat(mailbox.count("INBOX")).isZero();
            assertThat(deadLettered(meters)).isZero();
            try (ReportStore query = ReportStores.open(storeUrl)) {
                assertThat(stored(query, mix.expected())).isEqualTo(mix.expected());
            }
        }
    }
}
