package io.ruaflow.api.weekly;

import java.util.Locale;

/**
 * Counts and changes in words, the one place that decides "1 message" versus "2 messages" and % versus absolute;
 * the weekly report and the command line both use it.
 */
public final class Words {
    /**
     * The smallest previous-week volume a change is given in percent for; below it the change is absolute ("+2,285
     * messages from 1 message"), since a percentage of a tiny base says nothing.
     */
    static final long MIN_PERCENT_BASE = 100;

    private Words() {}

    /** {@code 1 message}, {@code 2,286 messages}; {@code noun} is the singular, made plural with an s. */
    public static String count(long n, String noun) {
        return grouped(n) + " " + (n == 1 ? noun : noun + "s");
    }

    public static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The change as a percentage, or null when the base is under {@link #MIN_PERCENT_BASE}. */
    static Double changePercent(long now, long before) {
        if (before < MIN_PERCENT_BASE) {
            return null;
        }
        return Math.round((now - before) * 1000.0 / before) / 10.0;
    }

    /** {@code +12.5% (from 8,000 messages)}, {@code +2,285 messages (from 1 message)}, or no mail last week. */
    static String change(long now, long before) {
        if (before == 0) {
            return now == 0 ? "no mail this week or last week" : "no mail last week";
        }
        Double percent = changePercent(now, before);
        long delta = now - before;
        String from = " (from " + count(before, "message") + ")";
        if (percent == null) {
            return (delta > 0 ? "+" : delta < 0 ? "-" : "±") + count(Math.abs(delta), "message") + from;
        }
        return String.format(Locale.ROOT, "%+.1f%%", percent) + from;
    }
}
