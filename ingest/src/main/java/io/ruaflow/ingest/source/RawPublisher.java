package io.ruaflow.ingest.source;

import io.micrometer.core.instrument.MeterRegistry;
import io.ruaflow.ingest.Envelope;
import io.ruaflow.ingest.Headers;
import io.ruaflow.ingest.Transport;
import io.ruaflow.parser.ReportUid;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Publishes a source's raw input to the raw topic, keyed by its sha256, with the source metadata in headers. */
public final class RawPublisher {
    private final Transport transport;
    private final String topic;
    private final MeterRegistry meters;

    public RawPublisher(Transport transport, String topic, MeterRegistry meters) {
        this.transport = transport;
        this.topic = topic;
        this.meters = meters;
    }

    /** The future completes once the raw bytes are durable; only then may the source mark the input done. */
    public CompletableFuture<Void> publish(String kind, String source, byte[] raw) {
        String sha256 = ReportUid.sha256Hex(raw);
        meters.counter("ruaflow.ingest.inputs", "kind", kind, "outcome", "published")
                .increment();
        meters.counter("ruaflow.ingest.bytes", "kind", kind).increment(raw.length);
        return transport.publish(
                topic,
                new Envelope(
                        sha256,
                        raw,
                        Map.of(
                                Headers.SOURCE, source,
                                Headers.SOURCE_KIND, kind,
                                Headers.SHA256, sha256,
                                Headers.INGESTED_AT_MS, Long.toString(System.currentTimeMillis()))));
    }

    void countInvalid(String kind) {
        meters.counter("ruaflow.ingest.inputs", "kind", kind, "outcome", "invalid")
                .increment();
    }
}
