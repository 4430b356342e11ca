package io.ruaflow.ingest;

import java.time.Duration;
import java.util.List;

/**
 * One consumer in a consumer group. Deliveries not {@linkplain #commit committed} are delivered again to
 * whichever consumer of the group reads that partition next (after a restart or a rebalance). Not thread-safe.
 */
public interface Subscription extends AutoCloseable {
    /** The next deliveries, in order per partition; empty when none arrived within {@code timeout} or paused. */
    List<Delivery> poll(Duration timeout);

    /**
     * Marks every delivery up to and including these as done for the group. Returns false when the group no longer
     * owns some of their partitions (a rebalance happened): the new owner reads them again, so the caller should
     * drop what it still holds of them.
     */
    boolean commit(List<Delivery> done);

    /** Stops fetching (keeps group membership alive: keep calling {@link #poll}) until {@link #resume}. */
    void pause();

    void resume();

    @Override
    void close();
}
