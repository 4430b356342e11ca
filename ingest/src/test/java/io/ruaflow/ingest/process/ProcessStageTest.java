package io.ruaflow.ingest.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.Envelope;
import io.ruaflow.ingest.Headers;
import io.ruaflow.ingest.RawParser;
import io.ruaflow.ingest.RecordsBatch;
import io.ruaflow.ingest.RecordsCodec;
import io.ruaflow.ingest.Subscription;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.transport.InProcessTransport;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportUid;
import io.ruaflow.parser.TlsReport;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.samples.TlsReportBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessStageTest {
    private final InProcessTransport transport = InProcessTransport.withCapacity(1_000);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Subscription records = transport.subscribe(Topics.DEFAULT.records(), "test-sink");
    private final Subscription dlq = transport.subscribe(Topics.DEFAULT.dlq(), "test-dlq");
    private final Enricher enricher = Enricher.offline();
    private Thread thread;
    private ProcessStage stage;

    @AfterEach
    void stop() throws InterruptedException {
        if (stage != null) {
            stage.close();
            stage.close();
            thread.join(15_000);
        }
        transport.close();
        enricher.close();
    }

    private void start(RawParser parser, int enrichBatch) {
        start(parser, enrichBatch, 1);
    }

    private void start(RawParser parser, int enrichBatch, int threads) {
        stage = new ProcessStage(
                transport,
                Topics.DEFAULT,
                parser,
                enricher::enrich,
                new ProcessSettings("p", enrichBatch, 10, Duration.ofMillis(100), threads),
                meters);
        thread = new Thread(stage, "process");
        thread.start();
    }

    private void publishRaw(String source, byte[] bytes) {
        transport.publish(
                Topics.DEFAULT.raw(),
                new Envelope(
                        ReportUid.sha256Hex(bytes),
                        bytes,
                        Map.of(Headers.SOURCE, source, Headers.INGESTED_AT_MS, "1")));
    }

    private static List<Delivery> take(Subscription subscription, int count) {
        List<Delivery> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            List<Delivery> got = subscription.poll(Duration.ofMillis(100));
            out.addAll(got);
            subscription.commit(got);
        }
        return out;
    }

    /** Polls until the deliveries read hold {@code count} records messages (a delivery may hold several). */
    private static List<RecordsMessage> takeMessages(Subscription subscription, int count) {
        List<RecordsMessage> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            List<Delivery> got = subscription.poll(Duration.ofMillis(100));
            for (Delivery delivery : got) {
                out.addAll(RecordsCodec.decodeAll(delivery.envelope()));
            }
            subscription.commit(got);
        }
        return out;
    }

    @Test
    void reportBecomesItsRecordsInChunksThenACompletion() {
        start(new ReportParser()::parse, 2);
        publishRaw("mail 1", ReportBuilder.mail("google.com", "r1", "example.com", 5, "dmarc@example.com"));
        List<RecordsMessage> messages = takeMessages(records, 6);
        assertThat(messages).hasSize(6);
        assertThat(messages.subList(0, 5))
                .allSatisfy(m -> assertThat(m).isInstanceOf(EnrichedRecord.class))
                .extracting(m -> ((EnrichedRecord) m).position())
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        ReportCompleted completed = (ReportCompleted) messages.get(5);
        assertThat(completed.recordCount()).isEqualTo(5);
        assertThat(completed.messageCount()).isEqualTo(5L * ReportBuilder.MESSAGES_PER_RECORD);
        assertThat(completed.reportUid()).isEqualTo(ReportUid.of("google.com", "r1", "example.com"));
        assertThat(meters.counter("ruaflow.process.records").count()).isEqualTo(5);
    }

    @Test
    void tlsReportMailBecomesOneWholeReportMessageBesideAnAggregate() {
        start(new ReportParser()::parse, 2);
        String json = TlsReportBuilder.json(
                "Google Inc.",
                "2026-11-30T00:00:00Z_example.com",
                "example.com",
                java.time.LocalDate.parse("2026-11-30"),
                40,
                List.of(new TlsReportBuilder.Failure(
                        "certificate-expired", "209.85.220.41", "mx.example.com", "192.0.2.25", 2)),
                false);
        publishRaw(
                "tls mail",
                TlsReportBuilder.mail(
                        "Google Inc.",
                        "2026-11-30T00:00:00Z_example.com",
                        "example.com",
                        java.time.LocalDate.parse("2026-11-30"),
                        json,
                        "tls@example.com",
                        true));
        publishRaw("mail 1", ReportBuilder.mail("google.com", "r1", "example.com", 1, "dmarc@example.com"));
        List<Delivery> deliveries = take(records, 2);
        assertThat(deliveries).hasSize(2);
        RecordsMessage first =
                RecordsCodec.decodeAll(deliveries.get(0).envelope()).get(0);
        assertThat(first).isInstanceOf(WholeReportMessage.class);
        TlsReport tls = (TlsReport) ((WholeReportMessage) first).report();
        assertThat(tls.failedSessions()).isEqualTo(2);
        assertThat(tls.successfulSessions()).isEqualTo(40);
        assertThat(tls.source().file()).isEqualTo("tls mail");
        assertThat(deliveries.get(0).envelope().header(Headers.SOURCE)).isEqualTo("tls mail");
        assertThat(deliveries.get(0).envelope().key()).isEqualTo(tls.reportUid());
        assertThat(meters.counter("ruaflow.process.reports", "outcome", "ok").count())
                .isEqualTo(2);
        assertThat(dlq.poll(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void everyRecordsMessageKeepsWhereTheMailCameFromSoASinkDeadLetterNamesIt() {
        start(new ReportParser()::parse, 2);
        publishRaw("imap://mail.example/INBOX uid 42", ReportBuilder.mail("google.com", "r1", "example.com", 5, "d@x"));
        List<Delivery> deliveries = take(records, 3);
        assertThat(deliveries).hasSize(3);
        assertThat(deliveries).allSatisfy(d -> assertThat(d.envelope().header(Headers.SOURCE))
                .isEqualTo("imap://mail.example/INBOX uid 42"));
        assertThat(deliveries.get(2).envelope().header(Headers.INGESTED_AT_MS)).isEqualTo("1");
        assertThat(deliveries)
                .as("in one JVM the records are handed over as objects, not encoded")
                .allSatisfy(d -> assertThat(d.envelope().payload()).isInstanceOf(RecordsBatch.class))
                .allSatisfy(d -> assertThat(d.envelope().value()).isEmpty());
        assertThat(deliveries.get(0).envelope().header(Headers.INGESTED_AT_MS)).isNull();
    }

    @Test
    void malformedInputGoesToTheDeadLetterTopicWithItsReasonAndTheStreamGoesOn() {
        start(new ReportParser()::parse, 100);
        publishRaw("mail bad", ReportBuilder.mailWithoutReport("dmarc@example.com", "hello"));
        publishRaw("mail good", ReportBuilder.mail("yahoo.com", "r2", "example.com", 1, "dmarc@example.com"));
        List<Delivery> dead = take(dlq, 1);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).envelope().header(Headers.DLQ_REASON)).isNotBlank();
        assertThat(dead.get(0).envelope().header(Headers.DLQ_STAGE)).isEqualTo("process");
        assertThat(dead.get(0).envelope().header(Headers.SOURCE)).isEqualTo("mail bad");
        assertThat(new String(dead.get(0).envelope().value(), StandardCharsets.US_ASCII))
                .contains("Subject: hello");
        assertThat(takeMessages(records, 2)).hasSize(2);
        assertThat(meters.counter("ruaflow.dlq.messages", "stage", "process").count())
                .isEqualTo(1);
    }

    @Test
    void parserCrashIsDeadLetteredNotRetriedForever() {
        RawParser real = new ReportParser()::parse;
        start(
                (input, handler) -> {
                    if (input.name().equals("poison")) {
                        throw new IllegalStateException("boom");
                    }
                    return real.parse(input, handler);
                },
                100);
        publishRaw("poison", ReportBuilder.mail("a.example", "p", "example.com", 1, "x@example.com"));
        publishRaw("fine", ReportBuilder.mail("b.example", "f", "example.com", 1, "x@example.com"));
        assertThat(take(dlq, 1)).singleElement().satisfies(d -> assertThat(
                        d.envelope().header(Headers.DLQ_REASON))
                .contains("internal error")
                .contains("boom"));
        assertThat(takeMessages(records, 2)).hasSize(2);
    }

    @Test
    void rawMessageIsCommittedOnlyAfterItsRecordsWereAccepted() throws InterruptedException {
        start(new ReportParser()::parse, 100);
        publishRaw("mail 1", ReportBuilder.mail("google.com", "r1", "example.com", 3, "dmarc@example.com"));
        List<Delivery> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (got.isEmpty() && System.nanoTime() < deadline) {
            got.addAll(records.poll(Duration.ofMillis(100)));
        }
        assertThat(got).singleElement().satisfies(d -> assertThat(RecordsCodec.decodeAll(d.envelope()))
                .hasSize(4)); // 3 records and the completion, batched in one message
        Thread.sleep(300);
        assertThat(transport.backlog(Topics.DEFAULT.raw())).isEqualTo(1);
        records.commit(got);
        deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (transport.backlog(Topics.DEFAULT.raw()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(transport.backlog(Topics.DEFAULT.raw())).isZero();
    }

    @Test
    void withThreeThreadsInputsAreProcessedSideBySideEachReportInOrderAndAllCommitted() throws InterruptedException {
        Set<String> parsingThreads = ConcurrentHashMap.newKeySet();
        CountDownLatch threeAtOnce = new CountDownLatch(3);
        RawParser real = new ReportParser()::parse;
        start(
                (input, handler) -> {
                    parsingThreads.add(Thread.currentThread().getName());
                    threeAtOnce.countDown();
                    try {
                        threeAtOnce.await(20, TimeUnit.SECONDS); // the first three inputs meet: three threads
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return real.parse(input, handler);
                },
                2,
                3);
        int reports = 12;
        for (int i = 0; i < reports; i++) {
            publishRaw("mail " + i, ReportBuilder.mail("google.com", "r" + i, "example.com", 5, "dmarc@example.com"));
        }
        List<RecordsMessage> messages = takeMessages(records, reports * 6);
        assertThat(messages).hasSize(reports * 6);
        assertThat(parsingThreads).hasSize(3).allSatisfy(name -> assertThat(name)
                .startsWith("ruaflow-process-"));
        Map<String, List<Long>> positions = new HashMap<>();
        Set<String> completed = new HashSet<>();
        for (RecordsMessage message : messages) {
            assertThat(completed).as("nothing of a report after its completion").doesNotContain(message.reportUid());
            if (message instanceof EnrichedRecord record) {
                positions
                        .computeIfAbsent(record.reportUid(), uid -> new ArrayList<>())
                        .add(record.position());
            } else if (message instanceof ReportCompleted done) {
                completed.add(done.reportUid());
            }
        }
        assertThat(completed).hasSize(reports);
        assertThat(positions.values()).hasSize(reports).allSatisfy(p -> assertThat(p)
                .containsExactly(0L, 1L, 2L, 3L, 4L));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (transport.backlog(Topics.DEFAULT.raw()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(transport.backlog(Topics.DEFAULT.raw())).isZero();
        assertThat(meters.counter("ruaflow.process.records").count()).isEqualTo(reports * 5);
    }
}
