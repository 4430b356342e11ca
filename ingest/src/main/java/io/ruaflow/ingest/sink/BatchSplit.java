package io.ruaflow.ingest.sink;

import io.ruaflow.enricher.RecordsMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How a sink splits a batch across its threads ({@code sink.threads}): by report, into parts of about one size. */
public final class BatchSplit {
    private BatchSplit() {}

    /**
     * The indexes in {@code messages} of each part: at most {@code count} parts, none empty; all messages of one
     * report in the same part, in order; a report seen first goes to the part holding fewest messages so far.
     */
    public static List<List<Integer>> byReport(List<RecordsMessage> messages, int count) {
        List<List<Integer>> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(new ArrayList<>());
        }
        Map<String, List<Integer>> byReport = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            String uid = String.valueOf(messages.get(i).reportUid());
            byReport.computeIfAbsent(uid, u -> smallest(parts)).add(i);
        }
        parts.removeIf(List::isEmpty);
        return parts;
    }

    private static List<Integer> smallest(List<List<Integer>> parts) {
        List<Integer> smallest = parts.get(0);
        for (List<Integer> part : parts) {
            if (part.size() < smallest.size()) {
                smallest = part;
            }
        }
        return smallest;
    }
}
