package io.ruaflow.store;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * An inclusive range of UTC days. A record counts on the days its report's period covers; a report period longer
 * than a day spreads its counts across those days in proportion to time (STANDARDS.md).
 */
public record DateRange(LocalDate from, LocalDate to) {
    /** The longest range a query may ask for; longer ranges are refused at the edge. */
    public static final int MAX_DAYS = 366;

    public DateRange {
        if (from == null || to == null) {
            throw new IllegalArgumentException("date range needs both ends: " + from + ".." + to);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("date range ends before it starts: " + from + ".." + to);
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            throw new IllegalArgumentException("date range " + from + ".." + to + " spans " + days + " days; at most "
                    + MAX_DAYS + " allowed (a fixed limit)");
        }
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
