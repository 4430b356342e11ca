package io.ruaflow.ingest.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publishes a producer has not answered yet, with when each was sent: what tells a producer that stopped
 * answering (past its own delivery timeout, which its contract says bounds every send) from a slow one.
 */
final class PendingSends {
    /** One unanswered publish, sent by producer number {@code producer}. */
    record Pending(String topic, String key, long sentNanos, long producer, CompletableFuture<Void> done) {}

    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** Remembers {@code done} until it completes. */
    void track(String topic, String key, long sentNanos, long producer, CompletableFuture<Void> done) {
        long id = ids.incrementAndGet();
        pending.put(id, new Pending(topic, key, sentNanos, producer, done));
        done.whenComplete((ignored, error) -> pending.remove(id));
    }

    /** The earliest unanswered publish of {@code producer} sent before {@code cutoffNanos}; null when none. */
    Pending oldestSentBefore(long cutoffNanos, long producer) {
        Pending oldest = null;
        for (Pending p : pending.values()) {
            if (p.producer() == producer
                    && p.sentNanos() - cutoffNanos < 0
                    && (oldest == null || p.sentNanos() - oldest.sentNanos() < 0)) {
                oldest = p;
            }
        }
        return oldest;
    }

    /** Fails every unanswered publish of {@code producer} with {@code error}; returns how many. */
    int failAll(long producer, Throwable error) {
        int failed = 0;
        for (Pending p : pending.values()) {
            if (p.producer() == producer && p.done().completeExceptionally(error)) {
                failed++;
            }
        }
        return failed;
    }

    int size() {
        return pending.size();
    }
}
