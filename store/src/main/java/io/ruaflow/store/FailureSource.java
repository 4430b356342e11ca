package io.ruaflow.store;

import java.time.Instant;
import java.util.List;

/**
 * The failure reports about one domain from one source IP in a range: how many, when, what the latest re-check of
 * the source found, and a few samples of the originals' From and Subject (most recent first, at most
 * {@link #MAX_SAMPLES} distinct each). {@code sourceIp} is null for reports that named no usable source.
 */
public record FailureSource(
        String sourceIp,
        long failures,
        Instant first,
        Instant last,
        String ptrName,
        String service,
        String freshSpfResult,
        String classification,
        List<String> fromSamples,
        List<String> subjectSamples) {

    /** The most From and Subject samples one source lists. */
    public static final int MAX_SAMPLES = 3;

    public FailureSource {
        fromSamples = List.copyOf(fromSamples);
        subjectSamples = List.copyOf(subjectSamples);
    }
}
