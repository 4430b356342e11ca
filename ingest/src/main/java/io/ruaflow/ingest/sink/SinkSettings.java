package io.ruaflow.ingest.sink;

import java.time.Duration;

/**
 * Batching and retry of the sink stage.
 *
 * @param group the Kafka consumer group of every sink instance
 * @param batchMaxRecords a batch is written when it holds this many records and completions, counted after decoding
 *     (a batched topic message holds many; {@code sink.batch.max.records})
 * @param batchMaxTime ... or when its oldest message waited this long ({@code sink.batch.max.ms})
 * @param retryBackoff first pause after the store was unavailable; doubles up to {@code retryBackoffMax}
 * @param retryBackoffMax longest pause between write attempts; the sink retries for ever and never drops
 * @param threads store writes of one batch made at the same time ({@code sink.threads}): the batch is split by
 *     report, so all messages of a report go to one write, in order
 */
public record SinkSettings(
        String group,
        int batchMaxRecords,
        Duration batchMaxTime,
        Duration retryBackoff,
        Duration retryBackoffMax,
        int threads) {
    /** Most writes one sink stage makes at a time. */
    public static final int MAX_THREADS = 64;

    /**
     * Two: DuckDB writes two parts of new reports on parallel connections (a quarter faster end to end on two
     * cores), ClickHouse takes two inserts at once no slower than one.
     */
    public static final int DEFAULT_THREADS = 2;

    public static final SinkSettings DEFAULT = new SinkSettings(
            "ruaflow-sink",
            10_000,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            DEFAULT_THREADS);

    /** One thread. */
    public SinkSettings(
            String group, int batchMaxRecords, Duration batchMaxTime, Duration retryBackoff, Duration retryBackoffMax) {
        this(group, batchMaxRecords, batchMaxTime, retryBackoff, retryBackoffMax, 1);
    }

    public SinkSettings {
        if (batchMaxRecords < 1) {
            throw new IllegalArgumentException("sink.batch.max.records must be at least 1: " + batchMaxRecords);
        }
        if (batchMaxTime.isNegative() || batchMaxTime.isZero()) {
            throw new IllegalArgumentException("sink.batch.max.ms must be positive: " + batchMaxTime.toMillis());
        }
        if (retryBackoff.isNegative() || retryBackoff.isZero() || retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("sink retry backoff must be positive and at most its maximum: "
                    + retryBackoff.toMillis() + " ms, max " + retryBackoffMax.toMillis() + " ms");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("sink.threads must be 1.." + MAX_THREADS + " (MAX_THREADS): " + threads);
        }
    }

    public SinkSettings withBatch(int maxRecords, Duration maxTime) {
        return new SinkSettings(group, maxRecords, maxTime, retryBackoff, retryBackoffMax, threads);
    }

    public SinkSettings withRetryBackoff(Duration first, Duration max) {
        return new SinkSettings(group, batchMaxRecords, batchMaxTime, first, max, threads);
    }

    public SinkSettings withThreads(int count) {
        return new SinkSettings(group, batchMaxRecords, batchMaxTime, retryBackoff, retryBackoffMax, count);
    }
}
