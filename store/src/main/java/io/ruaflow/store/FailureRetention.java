package io.ruaflow.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps failure reports no longer than {@code failure.retention.days}: every {@link #INTERVAL} it deletes those
 * that arrived earlier (DuckDB {@code DELETE}, ClickHouse {@code ALTER TABLE … DELETE}: 18.16 has no table TTL).
 * Runs beside the sink until {@link #close()}; a failed pass is logged and retried at the next interval.
 */
public final class FailureRetention implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FailureRetention.class);

    /** How often the retention delete runs. */
    public static final Duration INTERVAL = Duration.ofHours(1);

    private final ReportStore store;
    private final int days;
    private final Clock clock;
    private final CountDownLatch closed = new CountDownLatch(1);

    public FailureRetention(ReportStore store, int days, Clock clock) {
        if (days < 1) {
            throw new IllegalArgumentException("failure.retention.days must be at least 1: " + days);
        }
        this.store = store;
        this.days = days;
        this.clock = clock;
    }

    /** One pass: deletes the failure reports that arrived more than the retention days ago; returns how many. */
    public long runOnce() {
        Instant cutoff = clock.instant().minus(Duration.ofDays(days));
        long deleted = store.deleteFailuresArrivedBefore(cutoff);
        if (deleted > 0) {
            LOG.info(
                    "failure retention: deleted {} failure reports that arrived before {} ({} days) from {};"
                            + " next pass in {} min",
                    deleted,
                    cutoff,
                    days,
                    store.describe(),
                    INTERVAL.toMinutes());
        }
        return deleted;
    }

    @Override
    public void run() {
        do {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.warn(
                        "failure retention on {} failed: {}; retrying in {} min",
                        store.describe(),
                        e.getMessage(),
                        INTERVAL.toMinutes());
            }
        } while (!waitForClose());
    }

    private boolean waitForClose() {
        try {
            return closed.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Stops the loop; safe to call twice. */
    @Override
    public void close() {
        closed.countDown();
    }
}
