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
 */
public record ProcessSettings(String group, int enrichBatchRecords, int maxInflightInputs, Duration retryBackoff) {
    public static final ProcessSettings DEFAULT = new ProcessSettings(
            "ruaflow-process", EnrichingHandler.DEFAULT_CHUNK_RECORDS, 1_000, Duration.ofSeconds(1));

    public ProcessSettings {
        if (enrichBatchRecords < 1) {
            throw new IllegalArgumentException("enrich.chunk.records must be at least 1: " + enrichBatchRecords);
        }
        if (maxInflightInputs < 1) {
            throw new IllegalArgumentException("process.inflight.max.inputs must be at least 1: " + maxInflightInputs);
        }
    }
}
