package io.ruaflow.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps store answers for a short time so that dashboards polling the same question, or many clients asking it at
 * once, cost one store query: concurrent requests for the same key wait for the one in flight. An expired answer
 * less than two time-to-lives old is served while a background thread refreshes it, so only the first request for a
 * question waits for the store. Failures are not kept. {@link #clear()} after every write this process makes (uploads); writes by other processes (the pipeline's
 * sink) show up within the time to live.
 */
final class QueryCache implements AutoCloseable {
    /** Answers kept at most; when exceeded, expired entries go, and if that is not enough, all of them. */
    static final int MAX_ENTRIES = 2_000;

    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** {@code previous} is the answer this entry refreshes, served until it is done; null when there is none. */
    private record Entry(CompletableFuture<Object> answer, long expiresAt, Object previous, long previousExpiredAt) {}

    private final java.util.concurrent.ExecutorService refresher =
            java.util.concurrent.Executors.newFixedThreadPool(REFRESH_THREADS, runnable -> {
                Thread thread = new Thread(runnable, "ruaflow-api-cache-refresh");
                thread.setDaemon(true);
                return thread;
            });

    /** Store queries refreshing expired answers at once, at most. */
    static final int REFRESH_THREADS = 2;

    QueryCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> query) {
        if (ttlNanos <= 0) {
            return query.get();
        }
        long now = System.nanoTime();
        Entry[] created = new Entry[1];
        Entry current = entries.compute(key, (k, old) -> {
            if (old != null && now - old.expiresAt < 0) {
                return old;
            }
            Object previous = old != null && old.answer.isDone() && !old.answer.isCompletedExceptionally()
                    ? old.answer.join()
                    : null;
            created[0] =
                    new Entry(new CompletableFuture<>(), now + ttlNanos, previous, old == null ? 0 : old.expiresAt);
            return created[0];
        });
        Entry fresh = created[0];
        if (current != fresh) {
            if (!current.answer.isDone() && current.previous != null && now - current.previousExpiredAt < ttlNanos) {
                return (T) current.previous;
            }
            try {
                return (T) current.answer.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
        if (fresh.previous != null && now - fresh.previousExpiredAt < ttlNanos) {
            try {
                refresher.execute(() -> load(key, fresh, now, query));
                return (T) fresh.previous;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: answer in this thread
            }
        }
        return load(key, fresh, now, query);
    }

    private <T> T load(String key, Entry fresh, long now, Supplier<T> query) {
        try {
            T answer = query.get();
            fresh.answer.complete(answer);
            entries.replace(key, fresh, new Entry(fresh.answer, fresh.expiresAt, null, 0));
            trim(now);
            return answer;
        } catch (RuntimeException e) {
            entries.remove(key, fresh);
            fresh.answer.completeExceptionally(e);
            throw e;
        }
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private void trim(long now) {
        if (entries.size() <= MAX_ENTRIES) {
            return;
        }
        entries.values().removeIf(e -> now - e.expiresAt >= 0);
        if (entries.size() > MAX_ENTRIES) {
            entries.clear();
        }
    }
}
