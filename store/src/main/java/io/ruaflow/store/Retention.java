package io.ruaflow.store;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many days of each kind of stored data to keep; a kind not named is kept forever. A kind is a group of tables
 * that expire together ({@link #AGGREGATE}: the aggregate report tables); another group of tables declares its own
 * kind and its tables' age columns in the store's expiry list. Rows whose day lies before {@link #cutoff} are
 * deleted by the store opened with it, once at open and then every {@code RETENTION_INTERVAL}.
 */
public record Retention(Map<String, Integer> daysByKind) {
    /** The aggregate report tables: records and their days, reports, rejected reports. */
    public static final String AGGREGATE = "aggregate";
    /** The longest retention one can ask for (a century); 0 means keep forever. */
    public static final int MAX_DAYS = 36_500;

    public Retention {
        daysByKind = Map.copyOf(daysByKind);
        daysByKind.forEach((kind, days) -> check(kind, days));
    }

    /** Keeps everything. */
    public static Retention none() {
        return new Retention(Map.of());
    }

    /**
     * A copy that keeps {@code days} days of {@code kind} (0: forever).
     *
     * @throws IllegalArgumentException when days lies outside 0..{@link #MAX_DAYS}
     */
    public Retention withDays(String kind, int days) {
        check(kind, days);
        Map<String, Integer> copy = new TreeMap<>(daysByKind);
        if (days == 0) {
            copy.remove(kind);
        } else {
            copy.put(kind, days);
        }
        return new Retention(copy);
    }

    /** Days kept of this kind; 0 when kept forever. */
    public int days(String kind) {
        return daysByKind.getOrDefault(kind, 0);
    }

    public boolean isEmpty() {
        return daysByKind.isEmpty();
    }

    /**
     * The first day kept of {@code kind} on {@code today} (UTC): with 30 days, today and the 29 days before it;
     * null when the kind is kept forever.
     */
    public LocalDate cutoff(String kind, LocalDate today) {
        int days = days(kind);
        return days == 0 ? null : today.minusDays(days - 1L);
    }

    private static void check(String kind, int days) {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("retention needs a kind of data");
        }
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException(
                    "retention of " + kind + " must be 0 (keep forever) to " + MAX_DAYS + " days: " + days);
        }
    }
}
