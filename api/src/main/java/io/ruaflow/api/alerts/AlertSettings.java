package io.ruaflow.api.alerts;

/**
 * The thresholds of each alert kind, per domain (an empty value switches the kind off for that domain), and the
 * volume below which rates are not compared. Declared as configuration keys in deploy's {@code PipelineConfig}.
 *
 * @param newSourceMessages a new source alerts when it sent at least this many messages in its first week
 * @param passRateDropPoints the pass rate alerts when it fell by more than this many percentage points
 * @param reporterSilentDays a daily reporter alerts after this many days without a report
 * @param postureChange whether posture changes alert
 * @param failingRisePercent the failing volume alerts when it rose by more than this percentage
 * @param minMessages rates and rises are compared only when each window has at least this many messages
 */
public record AlertSettings(
        PerDomain<Long> newSourceMessages,
        PerDomain<Long> passRateDropPoints,
        PerDomain<Long> reporterSilentDays,
        PerDomain<Boolean> postureChange,
        PerDomain<Long> failingRisePercent,
        long minMessages) {
    public static final long DEFAULT_NEW_SOURCE_MESSAGES = 100;
    public static final long DEFAULT_PASS_RATE_DROP_POINTS = 10;
    public static final long DEFAULT_REPORTER_SILENT_DAYS = 3;
    public static final long DEFAULT_FAILING_RISE_PERCENT = 50;
    public static final long DEFAULT_MIN_MESSAGES = 100;

    /** Every kind on, with the defaults above. */
    public static final AlertSettings DEFAULT = new AlertSettings(
            PerDomain.everywhere(DEFAULT_NEW_SOURCE_MESSAGES),
            PerDomain.everywhere(DEFAULT_PASS_RATE_DROP_POINTS),
            PerDomain.everywhere(DEFAULT_REPORTER_SILENT_DAYS),
            PerDomain.everywhere(Boolean.TRUE),
            PerDomain.everywhere(DEFAULT_FAILING_RISE_PERCENT),
            DEFAULT_MIN_MESSAGES);
}
