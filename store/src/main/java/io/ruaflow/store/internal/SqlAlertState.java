package io.ruaflow.store.internal;

import io.ruaflow.store.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link AlertState} over the {@link Schema#STATE_TABLES}, in SQL both stores run alike: rows are only ever
 * appended, and every answer is read as "the earliest claim" or "the latest value", so ClickHouse's unmerged copies
 * and two writers at once change nothing.
 */
final class SqlAlertState implements AlertState {
    /** How many claim rows one listing reads at most (alerts are rare; a key normally has one claim). */
    static final int MAX_CLAIM_ROWS = 10 * MAX_ALERTS;

    /** Appends one row to a state table, durably. */
    interface Appender {
        void append(Schema.Table table, Object[] row);
    }

    private final SqlStore store;
    private final Appender appender;
    private final long settleMs;

    /**
     * @param settleMs how long a claim waits after its insert before reading the winner: longer than another
     *     process takes from its own "no claim yet" check to its insert, so that both read both claims and agree.
     *     0 where one process owns the store (claims on one store object are serialized anyway).
     */
    SqlAlertState(SqlStore store, Appender appender, long settleMs) {
        this.store = store;
        this.appender = appender;
        this.settleMs = settleMs;
    }

    @Override
    public synchronized boolean claim(AlertClaim alert) {
        Objects.requireNonNull(alert.key(), "key");
        Objects.requireNonNull(alert.claim(), "claim");
        String first = earliestClaim(alert.key());
        if (first != null) {
            return false;
        }
        appender.append(Schema.ALERTS, new Object[] {
            alert.key(),
            alert.claim(),
            alert.kind(),
            Rows.domainKey(alert.domain()),
            cut(alert.subject()),
            cut(alert.summary()),
            cut(alert.details()),
            alert.firedAt().toEpochMilli()
        });
        if (settleMs > 0) {
            try {
                Thread.sleep(settleMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while claiming alert " + alert.key(), e);
            }
        }
        return alert.claim().equals(earliestClaim(alert.key()));
    }

    private String earliestClaim(String key) {
        List<Map<String, Object>> rows = store.select(
                "SELECT claim FROM " + store.table(Schema.ALERTS)
                        + " WHERE alert_key = ? ORDER BY fired_at_ms, claim LIMIT 1",
                List.of(key));
        return rows.isEmpty() ? null : (String) rows.get(0).get("claim");
    }

    @Override
    public void recordDelivery(String alertKey, AlertDelivery delivery) {
        appender.append(Schema.ALERT_DELIVERIES, new Object[] {
            alertKey,
            delivery.channel(),
            delivery.outcome(),
            delivery.attempts(),
            cut(delivery.detail() == null ? "" : delivery.detail()),
            delivery.at().toEpochMilli()
        });
    }

    @Override
    public List<StoredAlert> alerts(String domain, int limit) {
        if (limit < 1 || limit > MAX_ALERTS) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_ALERTS + " (MAX_ALERTS): " + limit);
        }
        List<Object> params = domain == null ? List.of() : List.of(Rows.domainKey(domain));
        String where = domain == null ? "" : " WHERE policy_domain = ?";
        Map<String, Map<String, Object>> winners = new LinkedHashMap<>();
        for (Map<String, Object> row : store.select(
                "SELECT alert_key, claim, kind, policy_domain, subject, summary, details, fired_at_ms FROM "
                        + store.table(Schema.ALERTS) + where + " ORDER BY fired_at_ms DESC, claim LIMIT "
                        + MAX_CLAIM_ROWS,
                params)) {
            winners.merge((String) row.get("alert_key"), row, SqlAlertState::earlier);
        }
        Map<String, Map<String, AlertDelivery>> deliveries = new LinkedHashMap<>();
        String deliveriesWhere = domain == null
                ? ""
                : " WHERE alert_key IN (SELECT alert_key FROM " + store.table(Schema.ALERTS) + where + ")";
        for (Map<String, Object> row : store.select(
                "SELECT alert_key, channel, outcome, attempts, detail, at_ms FROM "
                        + store.table(Schema.ALERT_DELIVERIES) + deliveriesWhere + " ORDER BY at_ms",
                params)) {
            deliveries
                    .computeIfAbsent((String) row.get("alert_key"), k -> new LinkedHashMap<>())
                    .put(
                            (String) row.get("channel"),
                            new AlertDelivery(
                                    (String) row.get("channel"),
                                    (String) row.get("outcome"),
                                    (int) SqlStore.asLong(row.get("attempts")),
                                    (String) row.get("detail"),
                                    Instant.ofEpochMilli(SqlStore.asLong(row.get("at_ms")))));
        }
        List<StoredAlert> out = new ArrayList<>();
        for (Map<String, Object> row : winners.values()) {
            String key = (String) row.get("alert_key");
            out.add(new StoredAlert(
                    key,
                    (String) row.get("kind"),
                    (String) row.get("policy_domain"),
                    (String) row.get("subject"),
                    (String) row.get("summary"),
                    (String) row.get("details"),
                    Instant.ofEpochMilli(SqlStore.asLong(row.get("fired_at_ms"))),
                    List.copyOf(deliveries.getOrDefault(key, Map.of()).values())));
        }
        out.sort(Comparator.comparing(StoredAlert::firedAt).reversed().thenComparing(StoredAlert::key));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static Map<String, Object> earlier(Map<String, Object> a, Map<String, Object> b) {
        long at = SqlStore.asLong(a.get("fired_at_ms"));
        long bt = SqlStore.asLong(b.get("fired_at_ms"));
        if (at != bt) {
            return at < bt ? a : b;
        }
        return ((String) a.get("claim")).compareTo((String) b.get("claim")) <= 0 ? a : b;
    }

    @Override
    public Map<String, String> postureBaseline(String domain) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> row : store.select(
                "SELECT aspect, value FROM " + store.table(Schema.POSTURE_BASELINES)
                        + " WHERE policy_domain = ? ORDER BY seen_at_ms, aspect",
                List.of(Rows.domainKey(domain)))) {
            out.put((String) row.get("aspect"), (String) row.get("value"));
        }
        return out;
    }

    @Override
    public void recordPostureBaseline(String domain, Map<String, String> aspects, Instant seenAt) {
        for (Map.Entry<String, String> aspect : aspects.entrySet()) {
            appender.append(Schema.POSTURE_BASELINES, new Object[] {
                Rows.domainKey(domain), aspect.getKey(), cut(aspect.getValue()), seenAt.toEpochMilli()
            });
        }
    }

    private static String cut(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
