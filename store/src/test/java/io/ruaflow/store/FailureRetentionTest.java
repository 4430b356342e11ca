package io.ruaflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.parser.FailureReport;
import io.ruaflow.store.testing.StoreTestData;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureRetentionTest {
    @Test
    void aPassDeletesWhatArrivedMoreThanTheRetentionDaysAgo() {
        List<FailureReport> reports = StoreTestData.failures(21, 10);
        Instant now = StoreTestData.FAILURES_FROM
                .plusDays(33)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        Instant cutoff = now.minus(java.time.Duration.ofDays(30));
        long older =
                reports.stream().filter(r -> r.arrivalDate().isBefore(cutoff)).count();
        assertThat(older).isBetween(1L, 9L);
        try (ReportStore store = ReportStores.open("duckdb::memory:")) {
            store.writeFailures(reports);
            FailureRetention retention = new FailureRetention(store, 30, Clock.fixed(now, ZoneOffset.UTC));
            assertThat(retention.runOnce()).isEqualTo(older);
            assertThat(retention.runOnce()).isZero();
            retention.close();
            retention.run(); // closed: one pass, then returns
            retention.close();
        }
    }

    @Test
    void aRetentionUnderADayIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new FailureRetention(null, 0, Clock.systemUTC()))
                .hasMessage("failure.retention.days must be at least 1: 0");
    }
}
