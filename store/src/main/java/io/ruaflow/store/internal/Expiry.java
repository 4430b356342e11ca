package io.ruaflow.store.internal;

import io.ruaflow.store.Retention;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tables expire, by which column, as which kind of {@link Retention}; and the task that deletes what is
 * older, in the process that writes (a store opened with a retention runs it once at open and then every
 * {@link #INTERVAL}). Both stores delete with a statement (DuckDB {@code DELETE}, ClickHouse {@code ALTER TABLE
 * ... DELETE}): ClickHouse's table {@code TTL} needs 19.6, and the store speaks the SQL of every server from 18.16.
 *
 * <p>{@code first_seen} never expires: it keeps one row per domain and source, and without it a source seen long
 * ago would be called new again.
 */
public final class Expiry {
    private static final Logger LOG = LoggerFactory.getLogger(Expiry.class);

    /** How often a writing store deletes expired rows. */
    public static final Duration INTERVAL = Duration.ofHours(1);

    /**
     * A table that expires: a row is expired when {@code column} (a DATE, or epoch milliseconds for a LONG) lies
     * before the first day kept of {@code kind}.
     */
    public record Aged(Schema.Table table, String column, String kind) {
        public Aged {
            Schema.Type type = table.columns().get(table.index(column)).type();
            if (type != Schema.Type.DATE && type != Schema.Type.LONG) {
                throw new IllegalArgumentException(table.name() + "." + column + " is no day or epoch-ms column");
            }
        }

        /**
         * The predicate of expired rows with its one {@code ?}: the day column before the first day kept, or the
         * period ended by its first instant (a report from 10-01 00:00 to 10-02 00:00 lies wholly before 10-02).
         */
        public String expiredWhere() {
            return isDay() ? column + " < ?" : column + " <= ?";
        }

        /** The value bound to {@link #expiredWhere()}'s {@code ?} for this first day kept. */
        public Object bound(LocalDate firstKept) {
            return isDay()
                    ? firstKept
                    : firstKept.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }

        private boolean isDay() {
            return table.columns().get(table.index(column)).type() == Schema.Type.DATE;
        }
    }

    /**
     * Every table that expires. The aggregate tables expire by the report period: a record's days by their day,
     * records, reports and rejected reports when their period has ended.
     */
    public static final List<Aged> AGED = List.of(
            new Aged(Schema.RECORD_DAYS, "day", Retention.AGGREGATE),
            new Aged(Schema.RECORDS, "end_ms", Retention.AGGREGATE),
            new Aged(Schema.REPORTS, "end_ms", Retention.AGGREGATE),
            new Aged(Schema.REJECTED_REPORTS, "end_ms", Retention.AGGREGATE));

    private Expiry() {}

    /**
     * Runs {@code deleteExpired} with today's UTC date now and then every {@link #INTERVAL} on a daemon thread;
     * closing the returned task stops it. A failed run is logged and tried again at the next interval.
     */
    static AutoCloseable schedule(String store, Retention retention, Consumer<LocalDate> deleteExpired) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ruaflow-retention");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        deleteExpired.accept(LocalDate.now(ZoneOffset.UTC));
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "{}: deleting expired rows ({}) failed, trying again in {} min: {}",
                                store,
                                retention.daysByKind(),
                                INTERVAL.toMinutes(),
                                e.getMessage());
                    }
                },
                0,
                INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return executor::shutdownNow;
    }
}
