package io.ruaflow.ingest.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.enricher.ReportRejected;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.ingest.DeadLetters;
import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.ErrorPolicy;
import io.ruaflow.ingest.Headers;
import io.ruaflow.ingest.RecordsCodec;
import io.ruaflow.ingest.Subscription;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.Transport;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records topic → batched {@link ReportStore#write}. A batch is written when it holds
 * {@link SinkSettings#batchMaxRecords()} messages or its oldest waited {@link SinkSettings#batchMaxTime()}; offsets
 * are committed only after the store accepted it. While the store is unavailable the stage pauses consumption and
 * retries the same batch as the {@link ErrorPolicy} says (backoff with jitter, for ever): nothing is dropped. A message that cannot be decoded, or that the
 * store refuses on its own (not for unavailability), goes to the DLQ and the stream goes on. The store's writes are
 * idempotent, so a batch written again after a crash or rebalance changes no total.
 *
 * <p>With {@link SinkSettings#threads()} above one, a batch holding several reports is split by report into that
 * many parts written at the same time (all messages of a report in one part, in order); a part that fails is written
 * again on this thread as above. The offsets are committed once every part is stored.
 */
public final class SinkStage implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkStage.class);
    static final String STAGE = "sink";
    private static final Duration MAX_POLL = Duration.ofMillis(200);

    private final Transport transport;
    private final Topics topics;
    private final ReportStore store;
    private final SinkSettings settings;
    private final DeadLetters deadLetters;
    private final ErrorPolicy errorPolicy;
    private final Counter records;
    private final Counter reports;
    private final Counter rejectedReports;
    private final Counter batches;
    private final Counter retries;
    private final Timer latency;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean storeDown;
    private volatile Consumer<Set<String>> afterBatch = domains -> {};
    /** Writes the other parts of a split batch; null with one thread. */
    private final ExecutorService writers;

    public SinkStage(
            Transport transport, Topics topics, ReportStore store, SinkSettings settings, MeterRegistry meters) {
        this.transport = transport;
        this.topics = topics;
        this.store = store;
        this.settings = settings;
        this.deadLetters = new DeadLetters(transport, topics.dlq(), meters);
        this.errorPolicy = ErrorPolicy.retryForever(settings.retryBackoff(), settings.retryBackoffMax());
        this.records = meters.counter("ruaflow.sink.records");
        this.reports = meters.counter("ruaflow.sink.reports");
        this.rejectedReports = meters.counter("ruaflow.sink.reports.rejected");
        this.batches = meters.counter("ruaflow.sink.batches");
        this.retries = meters.counter("ruaflow.sink.retries");
        this.latency = Timer.builder("ruaflow.pipeline.latency")
                .description("from ingest reading a report to the store holding it, per report")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.writers = settings.threads() > 1 ? writerPool(settings.threads() - 1) : null;
    }

    private static ExecutorService writerPool(int threads) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "ruaflow-sink-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Calls {@code listener} after each committed batch with the policy domains of the reports it completed (never
     * empty); the alerts hook. It runs on the sink's thread, so it should hand the work off; its failures are logged
     * and do not stop the sink.
     */
    public SinkStage onBatchWritten(Consumer<Set<String>> listener) {
        this.afterBatch = listener;
        return this;
    }

    /** Whether the last write attempt found the store unavailable (for health checks). */
    public boolean storeUnavailable() {
        return storeDown;
    }

    /** Runs until {@link #close()}, then writes and commits what it holds. */
    @Override
    public void run() {
        try (Subscription subscription = transport.subscribe(topics.records(), settings.group())) {
            Batch batch = new Batch();
            while (!stopping.get()) {
                Duration wait = batch.isEmpty() ? MAX_POLL : min(MAX_POLL, batch.timeLeft());
                for (Delivery delivery : subscription.poll(wait)) {
                    batch.add(delivery);
                    if (batch.size() >= settings.batchMaxRecords()) {
                        flush(subscription, batch);
                    }
                }
                if (!batch.isEmpty() && batch.timeLeft().isZero()) {
                    flush(subscription, batch);
                }
            }
            if (!batch.isEmpty()) {
                flush(subscription, batch);
            }
        } finally {
            if (writers != null) {
                writers.shutdown();
            }
        }
    }

    private void flush(Subscription subscription, Batch batch) {
        List<RecordsMessage> messages = batch.messages;
        List<Delivery> owners = batch.owners;
        if (!messages.isEmpty() && !write(subscription, messages, owners, batch.dead)) {
            return; // stopping while the store is down: nothing committed, everything is read again
        }
        for (CompletableFuture<Void> ack : batch.dead) {
            awaitDurable(ack);
        }
        // Counted before the commit: a reader that sees the offsets committed also sees the counters.
        batches.increment();
        long now = System.currentTimeMillis();
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof ReportCompleted completed) {
                reports.increment();
                String ingestedAt = owners.get(i).envelope().header(Headers.INGESTED_AT_MS);
                if (ingestedAt != null) {
                    latency.record(Math.max(0, now - Long.parseLong(ingestedAt)), TimeUnit.MILLISECONDS);
                }
                LOG.debug("report {}: {} records stored", completed.reportUid(), completed.recordCount());
            } else if (messages.get(i) instanceof WholeReportMessage whole) {
                reports.increment();
                String ingestedAt = owners.get(i).envelope().header(Headers.INGESTED_AT_MS);
                if (ingestedAt != null) {
                    latency.record(Math.max(0, now - Long.parseLong(ingestedAt)), TimeUnit.MILLISECONDS);
                }
                LOG.info("{}: stored", whole.report().describe());
            } else if (messages.get(i) instanceof ReportRejected rejected) {
                rejectedReports.increment();
                LOG.info(
                        "report {}: rejected upstream ({}), none of its records count",
                        rejected.reportUid(),
                        rejected.reason());
            } else {
                records.increment();
            }
        }
        subscription.commit(batch.deliveries);
        Set<String> domains = new TreeSet<>();
        for (RecordsMessage message : messages) {
            if (message instanceof ReportCompleted completed
                    && completed.report().policyPublished().domain() != null) {
                domains.add(completed.report().policyPublished().domain().toLowerCase(Locale.ROOT));
            }
        }
        batch.clear();
        if (!domains.isEmpty()) {
            try {
                afterBatch.accept(domains);
            } catch (RuntimeException e) {
                LOG.warn("after-batch hook failed for {} ({}); the sink goes on", domains, e.toString());
            }
        }
    }

    /**
     * Writes a batch split by report into up to {@link SinkSettings#threads()} parts at the same time; a part whose
     * write failed is written again by {@link #writeWithRetry}. False only when asked to stop while the store is down.
     */
    private boolean write(
            Subscription subscription,
            List<RecordsMessage> messages,
            List<Delivery> owners,
            List<CompletableFuture<Void>> dead) {
        List<Part> parts = writers == null ? List.of() : Part.split(messages, owners, settings.threads());
        if (parts.size() < 2) {
            return writeWithRetry(subscription, messages, owners, dead);
        }
        List<CompletableFuture<RuntimeException>> others = new ArrayList<>();
        for (Part part : parts.subList(1, parts.size())) {
            others.add(CompletableFuture.supplyAsync(() -> attempt(part.messages), writers));
        }
        List<RuntimeException> failures = new ArrayList<>();
        failures.add(attempt(parts.get(0).messages));
        for (CompletableFuture<RuntimeException> other : others) {
            failures.add(other.join());
        }
        for (int i = 0; i < parts.size(); i++) {
            if (failures.get(i) == null) {
                continue;
            }
            LOG.debug(
                    "store {}: a part of a split batch failed ({}); writing it again",
                    store.describe(),
                    failures.get(i));
            if (!writeWithRetry(subscription, parts.get(i).messages, parts.get(i).owners, dead)) {
                return false;
            }
        }
        return true;
    }

    /** One write attempt: the failure, or null when the store accepted the messages. */
    private RuntimeException attempt(List<RecordsMessage> messages) {
        try {
            store.write(messages);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** The messages of some reports of a batch, with the delivery each came from, in batch order. */
    private record Part(List<RecordsMessage> messages, List<Delivery> owners) {
        /**
         * Splits {@code messages} into at most {@code count} parts of about the same size; all messages of one report
         * go to the same part, in order.
         */
        static List<Part> split(List<RecordsMessage> messages, List<Delivery> owners, int count) {
            List<Part> parts = new ArrayList<>();
            for (List<Integer> indexes : BatchSplit.byReport(messages, count)) {
                Part part = new Part(new ArrayList<>(indexes.size()), new ArrayList<>(indexes.size()));
                for (int i : indexes) {
                    part.messages.add(messages.get(i));
                    part.owners.add(owners.get(i));
                }
                parts.add(part);
            }
            return parts;
        }
    }

    /**
     * Writes until the store accepts; false only when asked to stop while the store is down. {@code owners[i]} is the
     * delivery {@code messages[i]} was decoded from; a refused delivery goes to the DLQ whole, once.
     */
    private boolean writeWithRetry(
            Subscription subscription,
            List<RecordsMessage> messages,
            List<Delivery> owners,
            List<CompletableFuture<Void>> dead) {
        int failures = 0;
        while (true) {
            try {
                store.write(messages);
                if (storeDown) {
                    LOG.info("store {} is available again; resuming", store.describe());
                    storeDown = false;
                    subscription.resume();
                }
                return true;
            } catch (StoreUnavailableException e) {
                retries.increment();
                failures++;
                if (!storeDown) {
                    storeDown = true;
                    subscription.pause();
                }
                if (stopping.get()) {
                    LOG.warn(
                            "store {} unavailable while stopping; {} messages left uncommitted, read again on restart",
                            store.describe(),
                            messages.size());
                    return false;
                }
                ErrorPolicy.Decision next = errorPolicy.decide(ErrorPolicy.Failure.TRANSIENT, failures);
                LOG.warn(
                        "store {} unavailable ({}): {}",
                        store.describe(),
                        e.getMessage(),
                        next.describe(String.format(Locale.ROOT, "batch of %,d records", messages.size())));
                if (next.action() != ErrorPolicy.Action.RETRY) {
                    return false;
                }
                pauseFor(subscription, next.delay());
            } catch (RuntimeException e) {
                if (owners.get(0) == owners.get(owners.size() - 1)) { // one delivery (its messages are adjacent)
                    ErrorPolicy.Decision next = errorPolicy.decide(ErrorPolicy.Failure.INPUT, 1);
                    LOG.warn("store {} refused a message ({}): {}", store.describe(), e, next.describe("it"));
                    dead.add(deadLetters.send(
                            owners.get(0),
                            RecordsCodec.bytesOf(owners.get(0).envelope()),
                            STAGE,
                            "store refused the message: " + e,
                            e));
                    return true;
                }
                LOG.warn(
                        "store {} refused a batch of {} messages ({}); writing them delivery by delivery to find"
                                + " the culprit",
                        store.describe(),
                        messages.size(),
                        e.toString());
                int from = 0;
                while (from < messages.size()) {
                    int to = from + 1;
                    while (to < messages.size() && owners.get(to) == owners.get(from)) {
                        to++;
                    }
                    if (!writeWithRetry(
                            subscription,
                            new ArrayList<>(messages.subList(from, to)),
                            owners.subList(from, to),
                            dead)) {
                        return false;
                    }
                    from = to;
                }
                return true;
            }
        }
    }

    /** Waits while keeping group membership alive: a paused subscription's poll returns nothing. */
    private void pauseFor(Subscription subscription, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!stopping.get() && System.nanoTime() < deadline) {
            List<Delivery> unexpected = subscription.poll(Duration.ofMillis(100));
            if (!unexpected.isEmpty()) {
                throw new IllegalStateException("paused subscription delivered " + unexpected.size() + " messages");
            }
        }
    }

    private static void awaitDurable(CompletableFuture<Void> ack) {
        try {
            ack.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a dead letter", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("dead letter could not be written: " + e.getCause(), e.getCause());
        }
    }

    /** Deliveries read since the last commit, decoded as they arrive; undecodable ones already dead-lettered. */
    private final class Batch {
        final List<Delivery> deliveries = new ArrayList<>();
        final List<RecordsMessage> messages = new ArrayList<>();
        final List<Delivery> owners = new ArrayList<>();
        final List<CompletableFuture<Void>> dead = new ArrayList<>();
        long startedNanos;

        void add(Delivery delivery) {
            if (deliveries.isEmpty()) {
                startedNanos = System.nanoTime();
            }
            deliveries.add(delivery);
            try {
                List<RecordsMessage> decoded = RecordsCodec.decodeAll(delivery.envelope());
                messages.addAll(decoded);
                for (int i = 0; i < decoded.size(); i++) {
                    owners.add(delivery);
                }
            } catch (IllegalArgumentException e) {
                dead.add(deadLetters.send(delivery, STAGE, e.getMessage(), e));
            }
        }

        /** Messages held (a batched delivery holds many), plus undecodable deliveries. */
        int size() {
            return messages.size() + dead.size();
        }

        boolean isEmpty() {
            return deliveries.isEmpty();
        }

        Duration timeLeft() {
            long left = settings.batchMaxTime().toNanos() - (System.nanoTime() - startedNanos);
            return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
        }

        void clear() {
            deliveries.clear();
            messages.clear();
            owners.clear();
            dead.clear();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops after writing what it holds (unless the store is down); safe to call twice. */
    @Override
    public void close() {
        stopping.set(true);
    }
}
