package io.ruaflow.api.weekly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeeklyScheduleTest {
    @ParameterizedTest
    @CsvSource({
        // Wednesday → the coming Monday, 07:00 Berlin time (UTC+1 in November)
        "MON 07:00, Europe/Berlin, 2026-11-18T12:00:00Z, 2026-11-23T06:00:00Z",
        // Monday 06:59 Berlin → the same morning
        "MON 07:00, Europe/Berlin, 2026-11-16T05:59:00Z, 2026-11-16T06:00:00Z",
        // exactly at the time → next week
        "MON 07:00, Europe/Berlin, 2026-11-16T06:00:00Z, 2026-11-23T06:00:00Z",
        "sun 23:30, UTC, 2026-11-16T00:00:00Z, 2026-11-22T23:30:00Z",
        // across the end of daylight saving time in New York (UTC-4 → UTC-5 on 2026-11-01)
        "MON 07:00, America/New_York, 2026-10-30T00:00:00Z, 2026-11-02T12:00:00Z"
    })
    void nextRunIsTheFirstMatchingMomentStrictlyAfter(String text, String zone, String now, String next) {
        assertThat(WeeklySchedule.parse(text, zone).next(Instant.parse(now))).isEqualTo(Instant.parse(next));
    }

    @ParameterizedTest
    @CsvSource({"MONDAY 07:00, UTC, MON 07:00", "MON 7h, UTC, MON 07:00", "MON 07:00, Mars/Olympus, IANA name"})
    void badSchedulesAreRefusedNamingTheValue(String text, String zone, String says) {
        assertThatThrownBy(() -> WeeklySchedule.parse(text, zone))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(says);
    }
}
