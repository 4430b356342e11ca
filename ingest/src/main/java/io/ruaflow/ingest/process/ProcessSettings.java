package io.ruaflow.ingest.process;

import io.ruaflow.enricher.EnrichingHandler;
import java.time.Duration;

/**
 * Tuning of the process stage.
 *
 * @param group the Kafka consumer group of every process instance
 * @param enrichBatchRecords records enriched (and held in memory) at a time; bounds memory for huge reports
 * @param maxInflightInputs raw inputs processed but not yet acknowledged downstream before the stage waits
 * @param retryBackoff first pause after the transport failed; doubles up to ten times that
 * @param threads raw inputs parsed and enriched at the same time ({@code process.threads}); each input stays on one
 *     thread, so a report's messages keep their order, and inputs are still committed in order
 */
public record ProcessSettings(
        String group, int enrichBatchRecords, int maxInflightInputs, Duration retryBackoff, int threads) {
    /** Most threads one process stage runs; more cores are better used by more process instances. */
    public static final int MAX_THREADS = 64;

    public static final ProcessSettings DEFAULT = new ProcessSettings(
            "ruaflow-process", EnrichingHandler.DEFAULT_CHUNK_RECORDS, 1_000, Duration.ofSeconds(1), 1);

    /** One thread. */
    public ProcessSettings(String group, int enrichBatchRecords, int maxInflightInputs, Duration retryBackoff) {
        this(group, enrichBatchRecords, maxInflightInputs, retryBackoff, 1);
    }

    public ProcessSettings {
        if (enrichBatchRecords < 1) {
            throw new IllegalArgumentException("enrich.chunk.records must be at least 1: " + enrichBatchRecords);
        }
        if (maxInflightInputs < 1) {
            throw new IllegalArgumentException("process.inflight.max.inputs must be at least 1: " + maxInflightInputs);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException(
                    "process.threads must be 1.." + MAX_THREADS + " (MAX_THREADS): " + threads);
        }
    }

    public ProcessSettings withThreads(int count) {
        return new ProcessSettings(group, enrichBatchRecords, maxInflightInputs, retryBackoff, count);
    }
}
