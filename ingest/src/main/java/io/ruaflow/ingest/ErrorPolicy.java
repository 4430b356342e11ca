package io.ruaflow.ingest;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one place that decides what happens after a failure, for the IMAP source and the process and sink stages
 * (Debezium's {@code ErrorHandler} is the model): a transient failure (a server down, a connection dropped) is
 * retried after a capped exponential backoff with jitter, bad input goes to the dead-letter topic, a fatal failure
 * stops the stage. Callers classify (stores by throwing {@code StoreUnavailableException}); the policy decides, and
 * {@link Decision#describe} says what happens next for the log. Immutable and thread-safe.
 */
public final class ErrorPolicy {
    /** How far below the exponential step a delay may be drawn, so that many instances do not retry in step. */
    public static final double JITTER = 0.2;

    /** What kind of failure the caller saw. */
    public enum Failure {
        /** Worth trying again later: the store, broker or mailbox is unavailable. */
        TRANSIENT,
        /** This input can never succeed: it is dead-lettered and the stream goes on. */
        INPUT,
        /** Nothing can go on: the stage stops. */
        FATAL
    }

    /** What happens next. */
    public enum Action {
        RETRY,
        DEAD_LETTER,
        STOP
    }

    /** A decision: the action, and for a retry how long to wait first and which attempt follows. */
    public record Decision(Action action, Duration delay, int attempt) {
        /** What happens next, for a log line: {@code retrying batch of 5,000 records in 8 s (attempt 3)}. */
        public String describe(String what) {
            return switch (action) {
                case RETRY -> "retrying " + what + " in " + human(delay) + " (attempt " + attempt + ")";
                case DEAD_LETTER -> "moving " + what + " to the dead-letter topic";
                case STOP -> "giving up on " + what + " and stopping";
            };
        }
    }

    private final Duration first;
    private final Duration max;
    private final int maxAttempts;
    private final DoubleSupplier random;

    private ErrorPolicy(Duration first, Duration max, int maxAttempts, DoubleSupplier random) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("retry backoff must be positive and at most its maximum: "
                    + first.toMillis() + " ms, max " + max.toMillis() + " ms");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("max attempts must be 0 (for ever) or more: " + maxAttempts);
        }
        this.first = first;
        this.max = max;
        this.maxAttempts = maxAttempts;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Retries transient failures for ever, waiting {@code first}, then twice as long each time, at most {@code max}. */
    public static ErrorPolicy retryForever(Duration first, Duration max) {
        return new ErrorPolicy(first, max, 0, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The same policy, stopping once {@code attempts} retries in a row have failed. */
    public ErrorPolicy withMaxAttempts(int attempts) {
        return new ErrorPolicy(first, max, attempts, random);
    }

    /** The same policy with {@code random} (values in [0, 1)) drawing the jitter: for tests. */
    public ErrorPolicy withRandom(DoubleSupplier random) {
        return new ErrorPolicy(first, max, maxAttempts, random);
    }

    /**
     * Decides what follows the {@code failures}-th failure in a row (1 for the first) of kind {@code failure}.
     */
    public Decision decide(Failure failure, int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures in a row start at 1: " + failures);
        }
        return switch (failure) {
            case INPUT -> new Decision(Action.DEAD_LETTER, Duration.ZERO, failures);
            case FATAL -> new Decision(Action.STOP, Duration.ZERO, failures);
            case TRANSIENT -> maxAttempts > 0 && failures > maxAttempts
                    ? new Decision(Action.STOP, Duration.ZERO, failures)
                    : new Decision(Action.RETRY, delay(failures), failures + 1);
        };
    }

    /** The wait after the n-th failure in a row: first × 2^(n-1), capped at max, less up to {@link #JITTER} of it. */
    Duration delay(int failures) {
        long cap = max.toMillis();
        long step = first.toMillis();
        for (int i = 1; i < failures && step < cap; i++) {
            step *= 2;
        }
        step = Math.min(step, cap);
        long jitter = (long) (step * JITTER * random.getAsDouble());
        return Duration.ofMillis(Math.max(1, step - jitter));
    }

    private static String human(Duration delay) {
        long ms = delay.toMillis();
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format(Locale.ROOT, "%d s", Math.round(ms / 1000.0));
        }
        return String.format(Locale.ROOT, "%d min", Math.round(ms / 60_000.0));
    }
}
