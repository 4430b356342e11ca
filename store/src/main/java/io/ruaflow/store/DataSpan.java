package io.ruaflow.store;

import java.time.LocalDate;

/**
 * The first and last UTC day that hold any volume (of one domain, or of all). Unlike {@link DateRange} it is not
 * bounded in length: it says where the data is, and a caller picks a range inside it.
 */
public record DataSpan(LocalDate first, LocalDate last) {
    public DataSpan {
        if (first == null || last == null || last.isBefore(first)) {
            throw new IllegalArgumentException("data span must have first <= last: " + first + ".." + last);
        }
    }
}
