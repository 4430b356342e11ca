package io.ruaflow.parser;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants as {@link Instant#toString()} writes them ({@code 2026-12-03T17:14:38.989817790Z}), written and
 * read without {@link java.time.format.DateTimeFormatter}, which cost a third of reading a records message (one
 * {@code checked_at} per record). Text in any other form is left to {@link Instant#parse}; instants outside the
 * years 0000-9999 to {@link Instant#toString()}.
 */
public final class IsoInstants {
    private static final long FIRST_SECOND =
            Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST_SECOND =
            Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private IsoInstants() {}

    /** The same text as {@link Instant#toString()}. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return instant.toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(30);
        digits(text, t.getYear(), 4).append('-');
        digits(text, t.getMonthValue(), 2).append('-');
        digits(text, t.getDayOfMonth(), 2).append('T');
        digits(text, t.getHour(), 2).append(':');
        digits(text, t.getMinute(), 2).append(':');
        digits(text, t.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos > 0) {
            // Whole groups of three digits, as ISO_INSTANT prints them
            text.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(text, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(text, nanos / 1_000, 6);
            } else {
                digits(text, nanos, 9);
            }
        }
        return text.append('Z').toString();
    }

    /**
     * What {@link Instant#parse} reads, read directly when it has the form {@link #format} writes.
     *
     * @throws DateTimeParseException as {@link Instant#parse} does
     */
    public static Instant parse(String text) {
        Instant quick = parseCommonForm(text);
        return quick != null ? quick : Instant.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with valid fields, or null for anything else. */
    private static Instant parseCommonForm(String s) {
        int length = s.length();
        if (length < 20
                || length > 30
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || s.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            nanos = number(s, 20, fractionDigits);
            for (int k = fractionDigits; k < 9; k++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 31
                || hour > 23
                || minute > 59
                || second > 59) {
            return null; // Instant.parse decides (it refuses, or reads a leap second)
        }
        try {
            long epochSecond =
                    LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
            return Instant.ofEpochSecond(epochSecond, nanos);
        } catch (java.time.DateTimeException e) {
            return null; // e.g. February 30th: Instant.parse says why
        }
    }

    /** The decimal number of {@code count} ASCII digits from {@code from}, or -1. */
    private static int number(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int k = digits.length(); k < width; k++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
