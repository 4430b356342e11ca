package io.ruaflow.api.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * A condition found to hold: {@code key} names the condition (one alert per key, ever), {@code summary} says it in a
 * sentence with the numbers, {@code details} carries them for machines.
 */
public record Alert(
        String key,
        AlertKind kind,
        String domain,
        String subject,
        String summary,
        Map<String, Object> details,
        Instant firedAt) {
    public Alert {
        details = Map.copyOf(details);
    }
}
