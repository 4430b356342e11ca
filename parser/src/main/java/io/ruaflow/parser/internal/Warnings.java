package io.ruaflow.parser.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lenient recoveries made while reading one report. Each kind of recovery is listed once, with how often it
 * happened, so that a million sloppy records still give a short list.
 */
final class Warnings {
    private final Map<String, String[]> first = new LinkedHashMap<>();
    private final Map<String, long[]> counts = new LinkedHashMap<>();

    /** Records a recovery; {@code kind} groups repeats, {@code message} describes the first occurrence. */
    void add(String kind, String message) {
        long[] count = counts.get(kind);
        if (count == null) {
            counts.put(kind, new long[] {1});
            first.put(kind, new String[] {message});
        } else {
            count[0]++;
        }
    }

    void add(String message) {
        add(message, message);
    }

    void addAll(List<String> messages) {
        for (String message : messages) {
            add(message);
        }
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    List<String> toList() {
        List<String> list = new ArrayList<>(counts.size());
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String message = first.get(e.getKey())[0];
            long n = e.getValue()[0];
            list.add(n == 1 ? message : message + " (" + n + " times)");
        }
        return list;
    }
}
