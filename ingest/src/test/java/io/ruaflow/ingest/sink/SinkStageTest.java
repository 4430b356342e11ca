package io.ruaflow.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.ingest.Envelope;
import io.ruaflow.ingest.Headers;
import io.ruaflow.ingest.RecordsCodec;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.testing.Drain;
import io.ruaflow.ingest.transport.InProcessTransport;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.samples.ReportBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SinkStageTest {
    private final InProcessTransport transport = InProcessTransport.withCapacity(10_000);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MemoryStore store = new MemoryStore();
    private final Drain dlq = new Drain(transport, Topics.DEFAULT.dlq(), "dlq-reader");
    private SinkStage sink;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        stopSink();
        dlq.close();
        transport.close();
    }

    private void startSink() {
        startSink(1);
    }

    private void startSink(int threads) {
        // subscribe before anything is published, as every role does
        sink = new SinkStage(
                transport,
                Topics.DEFAULT,
                store,
                SinkSettings.DEFAULT
                        .withBatch(50, Duration.ofMillis(100))
                        .withRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                        .withThreads(threads),
                meters);
        thread = new Thread(sink, "sink");
        thread.start();
    }

    private void stopSink() throws InterruptedException {
        if (sink != null) {
            sink.close();
            sink.close();
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
            sink = null;
        }
    }

    /** Publishes a tiny report's records topic messages as the process stage would. */
    private void publishReport(String org, String id, int records) throws Exception {
        publishReport(org, id, records, false);
    }

    /** As the process stage does ({@code batched}: one records message) or did (one message per record). */
    private void publishReport(String org, String id, int records, boolean batched) throws Exception {
        List<Object> messages = new ArrayList<>();
        Enricher enrichment = Enricher.offline();
        new ReportParser()
                .parse(
                        ReportInput.ofBytes(
                                org,
                                ReportBuilder.xml(org, id, "example.com", records)
                                        .getBytes(StandardCharsets.UTF_8)),
                        new ReportHandler() {
                            @Override
                            public void header(ReportHeader header) {}

                            @Override
                            public void record(ReportRecord record) {
                                messages.add(record);
                            }

                            @Override
                            public void end(
                                    ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
                                List<ReportRecord> recs = messages.stream()
                                        .map(ReportRecord.class::cast)
                                        .toList();
                                messages.clear();
                                if (batched) {
                                    for (byte[] message : RecordsCodec.encodeRecords(
                                            header,
                                            enrichment.enrich(header, recs, 0),
                                            ReportCompleted.of(header, recordCount, messageCount, warnings))) {
                                        transport.publish(
                                                Topics.DEFAULT.records(),
                                                new Envelope(
                                                        header.reportUid(),
                                                        message,
                                                        Map.of(
                                                                Headers.INGESTED_AT_MS,
                                                                Long.toString(System.currentTimeMillis()))));
                                    }
                                    return;
                                }
                                for (EnrichedRecord r : enrichment.enrich(header, recs, 0)) {
                                    transport.publish(
                                            Topics.DEFAULT.records(),
                                            Envelope.of(r.reportUid(), RecordsCodec.encode(r)));
                                }
                                ReportCompleted done = ReportCompleted.of(header, recordCount, messageCount, warnings);
                                transport.publish(
                                        Topics.DEFAULT.records(),
                                        new Envelope(
                                                done.reportUid(),
                                                RecordsCodec.encode(done),
                                                Map.of(
                                                        Headers.INGESTED_AT_MS,
                                                        Long.toString(System.currentTimeMillis()))));
                            }
                        });
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test
    void recordsAreWrittenInBatchesAndCommittedAfterTheStoreAcceptedThem() throws Exception {
        startSink();
        publishReport("google.com", "1", 120);
        await(() -> store.reports() == 1);
        assertThat(store.messages()).isEqualTo(120L * ReportBuilder.MESSAGES_PER_RECORD);
        await(() -> transport.backlog(Topics.DEFAULT.records()) == 0);
        assertThat(store.writeAttempts()).isGreaterThanOrEqualTo(3); // 121 messages in batches of at most 50
        assertThat(meters.counter("ruaflow.sink.records").count()).isEqualTo(120);
        assertThat(meters.timer("ruaflow.pipeline.latency").count()).isEqualTo(1);
    }

    @Test
    void storeOutagePausesTheSinkAndNothingIsDroppedOrCommitted() throws Exception {
        store.down(true);
        startSink();
        publishReport("google.com", "1", 10);
        await(() -> store.writeAttempts() >= 3);
        assertThat(transport.backlog(Topics.DEFAULT.records())).isEqualTo(11);
        assertThat(sink.storeUnavailable()).isTrue();
        store.down(false);
        await(() -> store.reports() == 1);
        assertThat(store.messages()).isEqualTo(10L * ReportBuilder.MESSAGES_PER_RECORD);
        await(() -> transport.backlog(Topics.DEFAULT.records()) == 0);
        assertThat(meters.counter("ruaflow.sink.retries").count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void stoppingWhileTheStoreIsDownCommitsNothingAndARestartedSinkWritesIt() throws Exception {
        store.down(true);
        startSink();
        publishReport("google.com", "1", 5);
        await(() -> store.writeAttempts() >= 2);
        stopSink();
        store.down(false);
        startSink();
        await(() -> store.reports() == 1);
        assertThat(store.messages()).isEqualTo(5L * ReportBuilder.MESSAGES_PER_RECORD);
    }

    @Test
    void undecodableMessageGoesToTheDeadLetterTopicAndTheStreamGoesOn() throws Exception {
        startSink();
        transport.publish(Topics.DEFAULT.records(), Envelope.of("x", "{not json".getBytes(StandardCharsets.UTF_8)));
        publishReport("google.com", "1", 2);
        await(() -> store.reports() == 1);
        assertThat(dlq.await(1)).singleElement().satisfies(d -> {
            assertThat(d.envelope().header(Headers.DLQ_STAGE)).isEqualTo("sink");
            assertThat(d.envelope().header(Headers.DLQ_REASON)).startsWith("not a records message");
        });
    }

    @Test
    void messageTheStoreRefusesIsDeadLetteredAndTheRestOfItsBatchIsWritten() throws Exception {
        publishReport("bad.example", "1", 1);
        store.refuse(io.ruaflow.parser.ReportUid.of("bad.example", "1", "example.com"));
        startSink();
        publishReport("google.com", "2", 3);
        await(() -> store.reports() == 1);
        assertThat(store.messages()).isEqualTo(3L * ReportBuilder.MESSAGES_PER_RECORD);
        assertThat(dlq.await(2)).hasSize(2).allSatisfy(d -> assertThat(
                        d.envelope().header(Headers.DLQ_REASON))
                .startsWith("store refused the message"));
    }

    @Test
    void batchedMessagesAreStoredRecordByRecordAndCountedOnce() throws Exception {
        startSink();
        publishReport("google.com", "1", 120, true);
        await(() -> store.reports() == 1);
        assertThat(store.messages()).isEqualTo(120L * ReportBuilder.MESSAGES_PER_RECORD);
        await(() -> transport.backlog(Topics.DEFAULT.records()) == 0);
        assertThat(meters.counter("ruaflow.sink.records").count()).isEqualTo(120);
        assertThat(meters.counter("ruaflow.sink.reports").count()).isEqualTo(1);
        assertThat(meters.timer("ruaflow.pipeline.latency").count()).isEqualTo(1);
    }

    @Test
    void batchedMessageTheStoreRefusesIsDeadLetteredOnceAndTheRestIsWritten() throws Exception {
        publishReport("bad.example", "1", 5, true);
        store.refuse(io.ruaflow.parser.ReportUid.of("bad.example", "1", "example.com"));
        startSink();
        publishReport("google.com", "2", 3, true);
        await(() -> store.reports() == 1);
        assertThat(store.messages()).isEqualTo(3L * ReportBuilder.MESSAGES_PER_RECORD);
        assertThat(dlq.await(1)).singleElement().satisfies(d -> assertThat(
                        d.envelope().header(Headers.DLQ_REASON))
                .startsWith("store refused the message"));
        Thread.sleep(300);
        assertThat(dlq.received()).hasSize(1); // once per delivery, not once per record
    }

    @Test
    void withFourThreadsABatchIsWrittenSideBySideEachReportWholeAndInOrder() throws Exception {
        startSink(4);
        sink.close(); // subscribed; stop it so that the reports wait in the topic and every batch is full
        stopSink();
        int reports = 20;
        for (int i = 0; i < reports; i++) {
            publishReport("org" + i + ".example", Integer.toString(i), 5);
        }
        startSink(4);
        await(() -> store.reports() == reports);
        assertThat(store.messages()).isEqualTo(reports * 5L * ReportBuilder.MESSAGES_PER_RECORD);
        assertThat(store.earlyCompletions())
                .as("a completion stored before its records")
                .isEmpty();
        assertThat(store.writingThreads()).anySatisfy(name -> assertThat(name).startsWith("ruaflow-sink-"));
        await(() -> transport.backlog(Topics.DEFAULT.records()) == 0);
        assertThat(meters.counter("ruaflow.sink.records").count()).isEqualTo(reports * 5);
        assertThat(meters.counter("ruaflow.sink.reports").count()).isEqualTo(reports);
    }

    @Test
    void withFourThreadsAReportTheStoreRefusesIsDeadLetteredAndTheOthersAreWritten() throws Exception {
        startSink(4);
        sink.close();
        stopSink();
        publishReport("bad.example", "1", 2);
        store.refuse(io.ruaflow.parser.ReportUid.of("bad.example", "1", "example.com"));
        for (int i = 0; i < 6; i++) {
            publishReport("org" + i + ".example", Integer.toString(i), 3);
        }
        startSink(4);
        await(() -> store.reports() == 6);
        assertThat(store.messages()).isEqualTo(6 * 3L * ReportBuilder.MESSAGES_PER_RECORD);
        assertThat(dlq.await(3)).hasSize(3).allSatisfy(d -> assertThat(
                        d.envelope().header(Headers.DLQ_REASON))
                .startsWith("store refused the message"));
        await(() -> transport.backlog(Topics.DEFAULT.records()) == 0);
    }
}
