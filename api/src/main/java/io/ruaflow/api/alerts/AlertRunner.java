package io.ruaflow.api.alerts;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link AlertEvaluator} off the caller's thread: after sink batches for the domains they wrote
 * ({@link #afterBatch}), and every {@code interval} over all domains, which is what sees a reporter that stopped
 * (nothing arrives to trigger it). A failed evaluation is logged and tried again at the next batch or tick; the sink
 * never waits for alerts.
 *
 * <p>While batches stream in, an evaluation after batches starts no sooner than {@link #WAIT_PER_EVALUATION_TIME}
 * times its predecessor's duration after that one ended, and takes the domains of every batch that came meanwhile:
 * alerts then cost the store at most about a tenth of its time, whatever its size. Evaluating after every batch,
 * back to back, was half of a ClickHouse server's work in {@code bench pipeline} (each evaluation reads the week's
 * records of the domain with FINAL). An alert so fires a few of its evaluation times after the batch that made it
 * true; a batch after a quiet spell is evaluated at once.
 */
public final class AlertRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRunner.class);
    /** After an evaluation that batches asked for, the next waits this many times as long as it took. */
    static final int WAIT_PER_EVALUATION_TIME = 9;
    /** The longest such wait, however slow an evaluation was. */
    static final Duration MAX_WAIT = Duration.ofMinutes(1);

    private final Consumer<Set<String>> evaluateDomains;
    private final Runnable evaluateAll;
    private final ScheduledThreadPoolExecutor executor;
    /** Domains written since the last evaluation began; guards the fields below. */
    private final Set<String> pending = new LinkedHashSet<>();
    /** An evaluation after batches is queued, waiting or running. */
    private boolean queued;
    /** The queued evaluation while it waits; null once it runs. */
    private ScheduledFuture<?> waiting;
    /** When the next evaluation after batches may start ({@link System#nanoTime}). */
    private long nextAtNanos = System.nanoTime();

    public AlertRunner(AlertEvaluator evaluator) {
        this(evaluator::evaluate, evaluator::evaluateAll);
    }

    /** A runner of these evaluations (tests). */
    AlertRunner(Consumer<Set<String>> evaluateDomains, Runnable evaluateAll) {
        this.evaluateDomains = evaluateDomains;
        this.evaluateAll = evaluateAll;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "ruaflow-alerts");
            thread.setDaemon(true);
            return thread;
        });
        // close() runs a waiting evaluation at once; nothing else delayed outlives it
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Evaluates all domains now and then every {@code interval}. */
    public void start(Duration interval) {
        executor.scheduleWithFixedDelay(this::all, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues an evaluation of the domains a sink batch wrote; returns at once. */
    public void afterBatch(Collection<String> domains) {
        if (domains.isEmpty()) {
            return;
        }
        synchronized (pending) {
            pending.addAll(domains);
            if (queued || executor.isShutdown()) {
                return; // the queued evaluation takes these too
            }
            queued = true;
            queueBatch(nextAtNanos - System.nanoTime());
        }
    }

    /** Holding {@link #pending}: queues {@link #batch} to run after {@code waitNanos} (now when not positive). */
    private void queueBatch(long waitNanos) {
        if (waitNanos <= 0) {
            waiting = null;
            executor.execute(this::batch);
        } else {
            waiting = executor.schedule(this::batch, waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void batch() {
        while (true) {
            Set<String> domains;
            synchronized (pending) {
                domains = new LinkedHashSet<>(pending);
                pending.clear();
                waiting = null;
            }
            long start = System.nanoTime();
            try {
                if (!domains.isEmpty()) {
                    evaluateDomains.accept(domains);
                }
            } catch (RuntimeException e) {
                LOG.warn("alerts for {} not evaluated ({}); trying again after the next batch", domains, e.toString());
            } catch (Error e) {
                synchronized (pending) {
                    queued = false; // the next batch queues an evaluation again
                }
                throw e;
            }
            long end = System.nanoTime();
            long wait = Math.min((end - start) * WAIT_PER_EVALUATION_TIME, MAX_WAIT.toNanos());
            synchronized (pending) {
                nextAtNanos = end + wait;
                if (pending.isEmpty()) {
                    queued = false;
                    return;
                }
                if (!executor.isShutdown()) {
                    queueBatch(wait);
                    return;
                }
            }
            // closing: what the batches during this evaluation wrote is evaluated now, not after the wait
        }
    }

    private void all() {
        try {
            evaluateAll.run();
        } catch (RuntimeException e) {
            LOG.warn("scheduled alert evaluation failed ({}); trying again at the next tick", e.toString());
        }
    }

    /** How long {@link #close()} waits for an evaluation under way (a slow DNS answer) before leaving it. */
    static final long CLOSE_WAIT_SECONDS = 5;

    /** Stops; an evaluation under way gets {@link #CLOSE_WAIT_SECONDS} to finish. Safe to call twice. */
    @Override
    public void close() {
        synchronized (pending) {
            // a waiting evaluation runs now: what the last batches wrote is evaluated before the sink stops
            if (waiting != null && waiting.cancel(false) && !executor.isShutdown()) {
                waiting = null;
                executor.execute(this::batch);
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                LOG.info("alerts: an evaluation still running at shutdown was left; it is redone at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
