package io.ruaflow.store;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * An inclusive range of UTC days, of any length: "all time" is a normal question ({@link #allTime}). A record counts
 * on the days its report's period covers; a report period longer than a day spreads its counts across those days in
 * proportion to time (STANDARDS.md).
 */
public record DateRange(LocalDate from, LocalDate to) {
    /** What a user types for "from the first stored day on" ({@code --from all}, {@code ?from=all}). */
    public static final String ALL = "all";

    public DateRange {
        if (from == null || to == null) {
            throw new IllegalArgumentException("date range needs both ends: " + from + ".." + to);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("date range ends before it starts: " + from + ".." + to);
        }
    }

    /**
     * From the first day the store holds volume on (for {@code domain}, or for any domain when it is null) to
     * {@code to}; just {@code to} when there is none on or before it.
     */
    public static DateRange allTime(List<StoredDomain> stored, String domain, LocalDate to) {
        LocalDate first = to;
        for (StoredDomain d : stored) {
            if ((domain == null || d.domain().equalsIgnoreCase(domain.trim()))
                    && d.firstDay().isBefore(first)) {
                first = d.firstDay();
            }
        }
        return new DateRange(first, to);
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
