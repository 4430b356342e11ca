package io.ruaflow.api.alerts;

import java.util.Locale;

/** The conditions ruaflow warns a domain owner about. */
public enum AlertKind {
    /** A source first seen in the last week sent more than the threshold. */
    NEW_SOURCE,
    /** The last week's DMARC pass rate fell by more than the threshold (points) against the 4 weeks before. */
    PASS_RATE_DROP,
    /** A reporter that sent daily reports has sent none for the threshold's days. */
    REPORTER_STOPPED,
    /** The SPF record or the DMARC policy changed, or a DKIM key seen in reports is gone. */
    POSTURE_CHANGE,
    /** The last week's failing volume is above the 4 weeks before's weekly mean by more than the threshold (%). */
    FAILING_RISING;

    /** {@code new_source}: the name in keys, JSON and configuration. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
