package io.ruaflow.ingest.source;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inputs published but not yet marked done, in order. An input is marked done (moved, recorded) only after its
 * publish was acknowledged, and in publishing order, so that a crash leaves a contiguous tail to redo.
 */
final class AckWindow<T> {
    private static final Logger LOG = LoggerFactory.getLogger(AckWindow.class);

    /**
     * How long the oldest publish may wait for its acknowledgement before each line saying so: ingest is paused
     * meanwhile, and only the queue's own log would show why.
     */
    static final Duration WAIT_REPORTED_EVERY = Duration.ofSeconds(30);

    /** What marks an input done; may throw to stop the source (the input then stays to be redone). */
    interface Done<T> {
        void markDone(T input) throws Exception;
    }

    private record Pending<T>(T input, CompletableFuture<Void> ack) {}

    private final Deque<Pending<T>> pending = new ArrayDeque<>();
    private final int max;
    private final long reportWaitNanos;

    AckWindow(int max) {
        this(max, WAIT_REPORTED_EVERY);
    }

    AckWindow(int max, Duration reportWaitEvery) {
        this.max = max;
        this.reportWaitNanos = reportWaitEvery.toNanos();
    }

    void add(T input, CompletableFuture<Void> ack, Done<T> done) throws Exception {
        pending.add(new Pending<>(input, ack));
        drain(done, max);
    }

    /** Marks done every acknowledged input at the head; waits while more than {@code keep} are pending. */
    void drain(Done<T> done, int keep) throws Exception {
        long waitingSince = System.nanoTime();
        long reported = 0;
        while (!pending.isEmpty()) {
            Pending<T> head = pending.peekFirst();
            if (!head.ack.isDone() && pending.size() > keep) {
                try {
                    head.ack.get(Math.min(1_000_000_000L, reportWaitNanos), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    long waited = System.nanoTime() - waitingSince;
                    if (waited / reportWaitNanos > reported) {
                        reported = waited / reportWaitNanos;
                        LOG.warn(
                                "{} not acknowledged by the queue after {} s; ingest waits for it (the queue's log may"
                                        + " say why)",
                                head.input,
                                waited / 1_000_000_000L);
                    }
                    continue;
                } catch (ExecutionException e) {
                    // thrown below
                }
            }
            if (!head.ack.isDone()) {
                return;
            }
            try {
                head.ack.join();
            } catch (RuntimeException e) {
                pending.clear();
                throw new PublishFailedException(head.input + " could not be published: " + rootOf(e), e);
            }
            pending.pollFirst();
            waitingSince = System.nanoTime();
            reported = 0;
            done.markDone(head.input);
        }
    }

    /** Forgets what is pending: after a crash-like stop the inputs are simply redone. */
    void clear() {
        pending.clear();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    static String rootOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** The transport refused an input; it is left in place and tried again on the next pass. */
    static final class PublishFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
