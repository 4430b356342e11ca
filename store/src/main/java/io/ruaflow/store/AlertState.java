package io.ruaflow.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The alert state every evaluator shares through the store, so that an alert fires once per condition across
 * restarts and between sink instances: claims, delivery outcomes, and the posture baselines a change is measured
 * against. Stores that keep no state throw UnsupportedOperationException.
 */
public interface AlertState {
    /** The most alerts one {@link #alerts} call returns. */
    int MAX_ALERTS = 1_000;

    /** The most characters of an alert's summary, details or a delivery's detail kept. */
    int MAX_TEXT = 4_000;

    /**
     * Records that {@code alert}'s condition holds, and says whether this caller is the one to fire it: true for the
     * first claim of its key (the earliest {@code firedAt}, then the lowest {@code claim} token), false when an
     * earlier claim exists. Within one store object claims are atomic. Between processes over ClickHouse a claim
     * waits a moment after its insert before it reads the winner, so that two racing claims both read both rows and
     * agree on the earliest by (firedAt, claim); only a process stalled for longer between its check and its insert
     * could fire a second time.
     */
    default boolean claim(AlertClaim alert) {
        throw new UnsupportedOperationException("this store keeps no alert state");
    }

    /** Appends one delivery outcome of the alert with that key. */
    default void recordDelivery(String alertKey, AlertDelivery delivery) {
        throw new UnsupportedOperationException("this store keeps no alert state");
    }

    /**
     * The fired alerts, newest first, each with its latest outcome per channel; {@code domain} null for all.
     *
     * @param limit 1 to {@link #MAX_ALERTS}
     */
    default List<StoredAlert> alerts(String domain, int limit) {
        throw new UnsupportedOperationException("this store keeps no alert state");
    }

    /** The latest value of each posture aspect seen for the domain; empty before the first look. */
    default Map<String, String> postureBaseline(String domain) {
        throw new UnsupportedOperationException("this store keeps no alert state");
    }

    /** Records the posture aspects as seen at {@code seenAt}; later values win. */
    default void recordPostureBaseline(String domain, Map<String, String> aspects, Instant seenAt) {
        throw new UnsupportedOperationException("this store keeps no alert state");
    }

    /**
     * A condition found to hold. {@code key} identifies the condition (one alert per key, ever): kind, domain,
     * subject, and whatever tells one episode from the next. {@code details} is JSON. {@code claim} is a random
     * token unique to this attempt.
     */
    record AlertClaim(
            String key,
            String claim,
            String kind,
            String domain,
            String subject,
            String summary,
            String details,
            Instant firedAt) {}

    /** One delivery outcome: {@code outcome} is {@code delivered} or {@code failed}. */
    record AlertDelivery(String channel, String outcome, int attempts, String detail, Instant at) {}

    /** A fired alert with its latest delivery outcome per channel. */
    record StoredAlert(
            String key,
            String kind,
            String domain,
            String subject,
            String summary,
            String details,
            Instant firedAt,
            List<AlertDelivery> deliveries) {
        public StoredAlert {
            deliveries = List.copyOf(deliveries);
        }
    }
}
