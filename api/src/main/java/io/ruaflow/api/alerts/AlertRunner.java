package io.ruaflow.api.alerts;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link AlertEvaluator} off the caller's thread: after each sink batch for the domains it wrote
 * ({@link #afterBatch}, batches arriving while one evaluation runs are merged into the next), and every
 * {@code interval} over all domains, which is what sees a reporter that stopped (nothing arrives to trigger it). A
 * failed evaluation is logged and tried again at the next batch or tick; the sink never waits for alerts.
 */
public final class AlertRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRunner.class);

    private final AlertEvaluator evaluator;
    private final ScheduledExecutorService executor;
    private final Set<String> pending = new LinkedHashSet<>();

    public AlertRunner(AlertEvaluator evaluator) {
        this.evaluator = evaluator;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ruaflow-alerts");
            thread.setDaemon(true);
            return thread;
        });
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
            boolean idle = pending.isEmpty();
            pending.addAll(domains);
            if (!idle) {
                return; // an evaluation is queued already and will take these too
            }
        }
        executor.execute(this::batch);
    }

    private void batch() {
        Set<String> domains;
        synchronized (pending) {
            domains = new LinkedHashSet<>(pending);
            pending.clear();
        }
        try {
            evaluator.evaluate(domains);
        } catch (RuntimeException e) {
            LOG.warn("alerts for {} not evaluated ({}); trying again after the next batch", domains, e.toString());
        }
    }

    private void all() {
        try {
            evaluator.evaluateAll();
        } catch (RuntimeException e) {
            LOG.warn("scheduled alert evaluation failed ({}); trying again at the next tick", e.toString());
        }
    }

    /** How long {@link #close()} waits for an evaluation under way (a slow DNS answer) before leaving it. */
    static final long CLOSE_WAIT_SECONDS = 5;

    /** Stops; an evaluation under way gets {@link #CLOSE_WAIT_SECONDS} to finish. Safe to call twice. */
    @Override
    public void close() {
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
