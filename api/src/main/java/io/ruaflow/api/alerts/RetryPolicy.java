package io.ruaflow.api.alerts;

import java.time.Duration;
import java.util.Optional;

/**
 * What follows the n-th failed delivery attempt in a row: a wait before the next, or empty to give up. Deploy backs
 * it with ingest's {@code ErrorPolicy} (capped exponential backoff with jitter and a maximum of attempts), the one
 * home of that decision.
 */
@FunctionalInterface
public interface RetryPolicy {
    Optional<Duration> retryAfter(int failures);

    /** Never retries: for a channel's first and only attempt. */
    RetryPolicy NEVER = failures -> Optional.empty();
}
