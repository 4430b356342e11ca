package io.ruaflow.api.weekly;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;

/** When the weekly report is mailed: a day of the week and a time of day in a time zone ({@code MON 07:00}). */
public record WeeklySchedule(DayOfWeek day, LocalTime time, ZoneId zone) {
    private static final Map<String, DayOfWeek> DAYS = Map.of(
            "MON", DayOfWeek.MONDAY,
            "TUE", DayOfWeek.TUESDAY,
            "WED", DayOfWeek.WEDNESDAY,
            "THU", DayOfWeek.THURSDAY,
            "FRI", DayOfWeek.FRIDAY,
            "SAT", DayOfWeek.SATURDAY,
            "SUN", DayOfWeek.SUNDAY);

    /**
     * Parses {@code DAY HH:MM} (day as MON..SUN) in {@code zone} (an IANA name like Europe/Berlin, or UTC).
     *
     * @throws IllegalArgumentException naming the value
     */
    public static WeeklySchedule parse(String text, String zone) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
        DayOfWeek day = parts.length == 2 ? DAYS.get(parts[0].toUpperCase(Locale.ROOT)) : null;
        LocalTime time = null;
        if (day != null) {
            try {
                time = LocalTime.parse(parts[1]);
            } catch (DateTimeParseException e) {
                time = null;
            }
        }
        if (day == null || time == null) {
            throw new IllegalArgumentException("schedule must look like MON 07:00: '" + text + "'");
        }
        ZoneId id;
        try {
            id = ZoneId.of(zone == null ? "UTC" : zone.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "time zone must be an IANA name like Europe/Berlin or UTC: '" + zone + "'");
        }
        return new WeeklySchedule(day, time, id);
    }

    /** The first moment of the schedule strictly after {@code after}. */
    public Instant next(Instant after) {
        ZonedDateTime local = after.atZone(zone);
        ZonedDateTime candidate = local.with(TemporalAdjusters.nextOrSame(day))
                .with(time)
                .withSecond(0)
                .withNano(0);
        if (!candidate.toInstant().isAfter(after)) {
            candidate = candidate.plusWeeks(1);
        }
        return candidate.toInstant();
    }
}
