package io.ruaflow.ingest.transport;

import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A bounded single-partition log kept in a ring; trimmed up to the lowest offset every group committed. A message's
 * future completes when it is trimmed, that is when every group has committed it: inside one JVM "durable" means
 * "the next stage accepted it". A topic nobody subscribed to (the DLQ in an embedded run) keeps only the latest
 * {@code capacity} messages and completes them at once.
 */
final class TopicLog {
    private final String topic;
    private final Envelope[] ring;
    private final CompletableFuture<Void>[] acks;
    private final Map<String, Long> committed = new HashMap<>();
    private long base;
    private long end;
    private boolean closing;

    TopicLog(String topic, int capacity) {
        this.topic = topic;
        this.ring = new Envelope[capacity];
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] futures = new CompletableFuture[capacity];
        this.acks = futures;
    }

    synchronized CompletableFuture<Void> append(Envelope envelope, BooleanSupplier closed) throws InterruptedException {
        if (committed.isEmpty()) {
            if (end - base >= ring.length) {
                trimTo(base + 1);
            }
            ring[(int) (end % ring.length)] = envelope;
            end++;
            return CompletableFuture.completedFuture(null);
        }
        while (end - base >= ring.length) {
            if (closed.getAsBoolean() || closing) {
                throw new IllegalStateException("in-process transport is closed");
            }
            wait(100);
        }
        CompletableFuture<Void> ack = new CompletableFuture<>();
        ring[(int) (end % ring.length)] = envelope;
        acks[(int) (end % ring.length)] = ack;
        end++;
        notifyAll();
        return ack;
    }

    synchronized long register(String group) {
        return committed.computeIfAbsent(group, g -> base);
    }

    synchronized List<Delivery> read(long from, int max, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = Math.max(from, base);
        while (start >= end && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            start = Math.max(from, base);
        }
        List<Delivery> out = new ArrayList<>((int) Math.min(max, Math.max(0, end - start)));
        for (long offset = start; offset < end && out.size() < max; offset++) {
            out.add(new Delivery(topic, 0, offset, ring[(int) (offset % ring.length)]));
        }
        return out;
    }

    synchronized void commit(String group, long next) {
        committed.merge(group, next, Math::max);
        trimTo(committed.values().stream().mapToLong(Long::longValue).min().orElse(base));
        notifyAll();
    }

    private void trimTo(long low) {
        while (base < low && base < end) {
            int slot = (int) (base % ring.length);
            ring[slot] = null;
            CompletableFuture<Void> ack = acks[slot];
            acks[slot] = null;
            base++;
            if (ack != null) {
                ack.complete(null);
            }
        }
    }

    synchronized long backlog() {
        return end - base;
    }

    synchronized void wakeAll() {
        closing = true;
        for (long offset = base; offset < end; offset++) {
            CompletableFuture<Void> ack = acks[(int) (offset % ring.length)];
            if (ack != null) {
                ack.completeExceptionally(new IllegalStateException(
                        "in-process transport closed before " + topic + " offset " + offset + " was consumed"));
            }
        }
        notifyAll();
    }
}
