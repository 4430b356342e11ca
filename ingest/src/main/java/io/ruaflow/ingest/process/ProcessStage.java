package io.ruaflow.ingest.process;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.EnrichingHandler;
import io.ruaflow.enricher.RecordEnricher;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.enricher.ReportRejected;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.ingest.DeadLetters;
import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.Envelope;
import io.ruaflow.ingest.ErrorPolicy;
import io.ruaflow.ingest.Headers;
import io.ruaflow.ingest.RawParser;
import io.ruaflow.ingest.RecordsBatch;
import io.ruaflow.ingest.RecordsCodec;
import io.ruaflow.ingest.Subscription;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.Transport;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportRejectedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw topic → parse → enrich → records topic, through the one {@link EnrichingHandler}: records are enriched and
 * published in chunks of {@link ProcessSettings#enrichBatchRecords()}, the {@link ReportCompleted} in the last: as
 * objects on a transport that {@linkplain Transport#carriesObjects() carries them} (one JVM), else encoded. A raw message is committed
 * only when everything it produced is durable (published or dead-lettered), in order, with up to
 * {@link ProcessSettings#maxInflightInputs()} inputs in flight. Input the parser rejects, or that breaks it, goes
 * to the DLQ with the reason and the stream goes on: a poison message never blocks its partition. When the
 * transport fails the stage re-reads from its last commit after a backoff (the store ignores duplicates).
 *
 * <p>With {@link ProcessSettings#threads()} above one, inputs are parsed and enriched on that many worker threads
 * ({@code ruaflow-process-N}) while this thread polls and commits: each input stays on one worker, so a report's
 * messages are published in order, and the window still commits inputs in the order they were read.
 */
public final class ProcessStage implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessStage.class);
    static final String STAGE = "process";
    private static final Duration POLL = Duration.ofMillis(200);
    /** Raw-message headers copied onto every records message made from it. */
    private static final List<String> CARRIED_HEADERS = List.of(Headers.SOURCE, Headers.SOURCE_KIND, Headers.SHA256);

    private final Transport transport;
    private final Topics topics;
    private final RawParser parser;
    private final RecordEnricher enricher;
    private final ProcessSettings settings;
    private final DeadLetters deadLetters;
    private final Counter inputs;
    private final Counter reportsOk;
    private final Counter reportsRejected;
    private final Counter records;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Parses and enriches inputs when {@link ProcessSettings#threads()} is above one; null: this thread does. */
    private ExecutorService workers;

    public ProcessStage(
            Transport transport,
            Topics topics,
            RawParser parser,
            RecordEnricher enricher,
            ProcessSettings settings,
            MeterRegistry meters) {
        this.transport = transport;
        this.topics = topics;
        this.parser = parser;
        this.enricher = enricher;
        this.settings = settings;
        this.deadLetters = new DeadLetters(transport, topics.dlq(), meters);
        this.inputs = meters.counter("ruaflow.process.inputs");
        this.reportsOk = meters.counter("ruaflow.process.reports", "outcome", "ok");
        this.reportsRejected = meters.counter("ruaflow.process.reports", "outcome", "rejected");
        this.records = meters.counter("ruaflow.process.records");
    }

    /** Runs until {@link #close()}: consumes, processes and commits, re-reading after transport failures. */
    @Override
    public void run() {
        ErrorPolicy policy = ErrorPolicy.retryForever(
                settings.retryBackoff(), settings.retryBackoff().multipliedBy(10));
        int failures = 0;
        workers = settings.threads() > 1 ? workerPool(settings.threads()) : null;
        try {
            while (!stopping.get()) {
                try (Subscription subscription = transport.subscribe(topics.raw(), settings.group())) {
                    consume(subscription);
                    return;
                } catch (TransportFailure e) {
                    if (stopping.get()) {
                        return;
                    }
                    ErrorPolicy.Decision next = policy.decide(ErrorPolicy.Failure.TRANSIENT, ++failures);
                    LOG.warn("{}: {}", e.getMessage(), next.describe("from the last commit"));
                    if (next.action() != ErrorPolicy.Action.RETRY) {
                        return;
                    }
                    sleep(next.delay());
                }
            }
        } finally {
            if (workers != null) {
                workers.shutdownNow();
            }
        }
    }

    private static ExecutorService workerPool(int threads) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "ruaflow-process-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Processes the input here, or on a worker when there are workers; completes as {@link #process} does. */
    private CompletableFuture<Void> submit(Delivery delivery) {
        if (workers == null) {
            return process(delivery);
        }
        return CompletableFuture.supplyAsync(() -> process(delivery), workers).thenCompose(ack -> ack);
    }

    private void consume(Subscription subscription) {
        Deque<InFlight> window = new ArrayDeque<>();
        while (!stopping.get()) {
            for (Delivery delivery : subscription.poll(POLL)) {
                if (stopping.get()) {
                    break;
                }
                window.add(new InFlight(delivery, submit(delivery)));
                if (window.size() > settings.maxInflightInputs()) {
                    commitDone(subscription, window, settings.maxInflightInputs());
                }
            }
            commitDone(subscription, window, settings.maxInflightInputs());
        }
        // drain what is in flight so that a clean stop leaves nothing to redo
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!window.isEmpty() && System.nanoTime() < deadline) {
            commitDone(subscription, window, 0);
        }
    }

    /** Commits the acknowledged prefix of the window; waits on its head while the window holds more than max. */
    private void commitDone(Subscription subscription, Deque<InFlight> window, int max) {
        List<Delivery> done = new ArrayList<>();
        while (!window.isEmpty()) {
            InFlight head = window.peekFirst();
            if (!head.ack.isDone() && window.size() > max) {
                try {
                    head.ack.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (stopping.get() && max > 0) {
                        break;
                    }
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException e) {
                    // reported below
                }
            }
            if (!head.ack.isDone()) {
                break;
            }
            if (head.ack.isCompletedExceptionally()) {
                Throwable cause = head.ack.handle((v, t) -> t).join();
                throw new TransportFailure("publishing the output of " + describe(head.delivery) + " to "
                        + transport.describe() + " failed: " + rootMessage(cause));
            }
            done.add(window.pollFirst().delivery);
        }
        if (!done.isEmpty()) {
            subscription.commit(done);
        }
    }

    /** Processes one raw message; the future completes when all it produced is durable. */
    CompletableFuture<Void> process(Delivery delivery) {
        inputs.increment();
        Envelope raw = delivery.envelope();
        String name = raw.headers().getOrDefault(Headers.SOURCE, "raw " + raw.key());
        Acks acks = new Acks();
        Publisher publisher = new Publisher(raw, acks);
        EnrichingHandler handler = new EnrichingHandler(enricher, settings.enrichBatchRecords(), publisher);
        try {
            parser.parse(ReportInput.ofBytes(name, raw.value()), handler);
            if (handler.reports() == 0) {
                return deadLetter(delivery, "no DMARC aggregate, SMTP TLS or failure report found", null);
            }
            return acks.seal();
        } catch (ReportRejectedException e) {
            return abandon(handler, publisher, e.reason())
                    .thenCombine(deadLetter(delivery, e.reason(), e), (a, b) -> null);
        } catch (TransportFailure e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            CompletableFuture<Void> abandoned = abandon(handler, publisher, e.toString());
            LOG.error("parser or enricher failed on {}", name, e);
            return abandoned.thenCombine(
                    deadLetter(delivery, "internal error while processing: " + e, e), (a, b) -> null);
        }
    }

    private CompletableFuture<Void> deadLetter(Delivery delivery, String reason, Throwable cause) {
        return deadLetters.send(delivery, STAGE, reason, cause);
    }

    /**
     * The input was rejected part-way: the report it was in, if any, is published as rejected (see
     * {@link Publisher#rejected}). Completes when that is durable.
     */
    private CompletableFuture<Void> abandon(EnrichingHandler handler, Publisher publisher, String reason) {
        reportsRejected.increment();
        ReportRejected rejected = handler.abandon(reason);
        if (rejected == null) {
            return CompletableFuture.completedFuture(null);
        }
        ReportHeader current = rejected.report();
        LOG.info(
                "report {} from {} for {}: {} records read before the input was rejected ({}): none counted,"
                        + " dead-lettered",
                current.reportUid(),
                current.orgName(),
                current.policyPublished() == null
                        ? null
                        : current.policyPublished().domain(),
                rejected.recordsBefore(),
                reason);
        return publisher.rejection;
    }

    /** Publishes each enriched chunk to the records topic; the completion rides in a report's last message. */
    private final class Publisher implements EnrichingHandler.Sink {
        private final Envelope raw;
        private final Acks acks;
        private CompletableFuture<Void> rejection = CompletableFuture.completedFuture(null);

        Publisher(Envelope raw, Acks acks) {
            this.raw = raw;
            this.acks = acks;
        }

        /** Where the mail came from travels with its records, so a sink dead letter still names it. */
        private Map<String, String> headers(boolean last) {
            Map<String, String> headers = new HashMap<>();
            for (String name : CARRIED_HEADERS) {
                String value = raw.header(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            String ingestedAt = raw.header(Headers.INGESTED_AT_MS);
            if (last && ingestedAt != null) {
                headers.put(Headers.INGESTED_AT_MS, ingestedAt);
            }
            return headers;
        }

        @Override
        public void accept(ReportHeader header, List<EnrichedRecord> enriched, ReportCompleted completed) {
            records.increment(enriched.size());
            if (transport.carriesObjects()) {
                List<RecordsBatch> batches = RecordsBatch.of(header, enriched, completed);
                for (int i = 0; i < batches.size(); i++) {
                    boolean last = completed != null && i == batches.size() - 1;
                    acks.add(transport.publish(
                            topics.records(), Envelope.ofPayload(header.reportUid(), batches.get(i), headers(last))));
                }
            } else {
                List<byte[]> messages = RecordsCodec.encodeRecords(header, enriched, completed);
                for (int i = 0; i < messages.size(); i++) {
                    // the completion rides in the last message, which carries the latency header
                    boolean last = completed != null && i == messages.size() - 1;
                    acks.add(transport.publish(
                            topics.records(), new Envelope(header.reportUid(), messages.get(i), headers(last))));
                }
            }
            if (completed == null) {
                return;
            }
            reportsOk.increment();
            LOG.info(
                    "report {} from {} for {}: {} records, {} messages{}: published",
                    header.reportUid(),
                    header.orgName(),
                    header.policyPublished() == null
                            ? null
                            : header.policyPublished().domain(),
                    completed.recordCount(),
                    completed.messageCount(),
                    completed.warnings().isEmpty()
                            ? ""
                            : ", " + completed.warnings().size() + " warnings");
        }

        /**
         * A report of another kind: one message, encoded even in one JVM (it is small), carrying the latency header
         * like a completion.
         */
        @Override
        public void whole(WholeReportMessage report) {
            acks.add(transport.publish(
                    topics.records(), new Envelope(report.reportUid(), RecordsCodec.encode(report), headers(true))));
            reportsOk.increment();
            LOG.info(
                    "{}{}: published",
                    report.report().describe(),
                    report.report().warnings().isEmpty()
                            ? ""
                            : ", " + report.report().warnings().size() + " warnings");
        }

        /**
         * The input was rejected part-way: the report it was in is published as rejected, so that the store lists
         * it with the reason (its records already published never count: it has no completion).
         */
        @Override
        public void rejected(ReportRejected report) {
            rejection =
                    transport.publish(topics.records(), Envelope.of(report.reportUid(), RecordsCodec.encode(report)));
        }
    }

    /** Counts outstanding publishes of one input; completes when all are acknowledged, fails on the first error. */
    private static final class Acks {
        private final CompletableFuture<Void> all = new CompletableFuture<>();
        private long outstanding = 1; // the seal

        synchronized void add(CompletableFuture<Void> ack) {
            outstanding++;
            ack.whenComplete((v, error) -> done(error));
        }

        private void done(Throwable error) {
            if (error != null) {
                all.completeExceptionally(error);
                return;
            }
            boolean complete;
            synchronized (this) {
                complete = --outstanding == 0;
            }
            if (complete) {
                all.complete(null);
            }
        }

        CompletableFuture<Void> seal() {
            done(null);
            return all;
        }
    }

    private record InFlight(Delivery delivery, CompletableFuture<Void> ack) {}

    /** The transport could not take our output: retried from the last commit, never dead-lettered. */
    static final class TransportFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransportFailure(String message) {
            super(message);
        }
    }

    private static String describe(Delivery delivery) {
        return delivery.envelope().headers().getOrDefault(Headers.SOURCE, delivery.topic() + "@" + delivery.offset());
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops consuming, waits briefly for in-flight output, commits it; safe to call twice. */
    @Override
    public void close() {
        stopping.set(true);
    }
}
