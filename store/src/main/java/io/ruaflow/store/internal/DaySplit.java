package io.ruaflow.store.internal;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Spreads a record's message count over the UTC days its report period {@code [begin, end)} covers, in proportion
 * to the time spent in each day, in whole messages: each day gets the floor of its exact share and the remaining
 * messages go to the days with the largest remainders (earliest day first on ties), so the parts always add up to
 * the count. Done once, at write time, so every store sums the same integers and gives identical answers.
 */
public final class DaySplit {
    /** Periods longer than this are cut to their first this-many days (a report period is normally one day). */
    public static final int MAX_PERIOD_DAYS = 366;

    private static final long DAY_MS = 86_400_000L;
    private static final long DAY_SECONDS = 86_400L;

    private DaySplit() {}

    /** One day's share of a record. */
    public record DayShare(LocalDate day, long messages) {}

    /**
     * @return the days with a non-zero share, in day order; empty when {@code count} is zero. A period that is
     *     empty or reversed counts wholly on the day of {@code begin}.
     */
    public static List<DayShare> split(Instant begin, Instant end, long count) {
        if (count <= 0) {
            return List.of();
        }
        LocalDate first = day(begin);
        if (!end.isAfter(begin)) {
            return List.of(new DayShare(first, count));
        }
        long firstDayEnd = (Math.floorDiv(begin.toEpochMilli(), DAY_MS) + 1) * DAY_MS;
        if (end.toEpochMilli() <= firstDayEnd) {
            // The usual report period: within one UTC day (up to its midnight).
            return List.of(new DayShare(first, count));
        }
        Instant limit =
                first.plusDays(MAX_PERIOD_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant stop = end.isAfter(limit) ? limit : end;
        List<LocalDate> days = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        long total = 0;
        for (LocalDate day = first; ; day = day.plusDays(1)) {
            Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!dayStart.isBefore(stop) && !days.isEmpty()) {
                break;
            }
            Instant from = begin.isAfter(dayStart) ? begin : dayStart;
            Instant dayEnd = dayStart.plus(Duration.ofDays(1));
            Instant to = stop.isBefore(dayEnd) ? stop : dayEnd;
            long ms = Math.max(0, Duration.between(from, to).toMillis());
            days.add(day);
            millis.add(ms);
            total += ms;
        }
        if (total == 0) {
            return List.of(new DayShare(first, count));
        }
        long[] shares = new long[days.size()];
        long[] remainders = new long[days.size()];
        long assigned = 0;
        for (int i = 0; i < shares.length; i++) {
            long ms = millis.get(i);
            if (Math.multiplyHigh(count, ms) == 0 && count * ms >= 0) {
                shares[i] = count * ms / total;
                remainders[i] = count * ms % total;
            } else {
                BigInteger[] split = BigInteger.valueOf(count)
                        .multiply(BigInteger.valueOf(ms))
                        .divideAndRemainder(BigInteger.valueOf(total));
                shares[i] = split[0].longValueExact();
                remainders[i] = split[1].longValueExact();
            }
            assigned += shares[i];
        }
        long left = count - assigned;
        while (left > 0) {
            int best = 0;
            for (int i = 1; i < remainders.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = -1;
            left--;
        }
        List<DayShare> result = new ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] > 0) {
                result.add(new DayShare(days.get(i), shares[i]));
            }
        }
        return result;
    }

    /** The UTC day of {@code instant}; by arithmetic, since {@code LocalDate.ofInstant} builds zone rules per call. */
    static LocalDate day(Instant instant) {
        return LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), DAY_SECONDS));
    }
}
