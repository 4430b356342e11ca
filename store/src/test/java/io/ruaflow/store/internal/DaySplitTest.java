package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.store.internal.DaySplit.DayShare;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DaySplitTest {
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "2026-11-16T00:00:00Z",
                "2026-11-16T23:59:59.999Z",
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z",
                "1900-03-01T12:00:00Z",
                "2038-01-19T03:14:08Z",
                "+10000-01-01T00:00:00Z"
            })
    void theDayOfAnInstantIsItsUtcDate(String instant) {
        Instant at = Instant.parse(instant);
        assertThat(DaySplit.day(at)).isEqualTo(LocalDate.ofInstant(at, java.time.ZoneOffset.UTC));
    }

    static final Instant MIDNIGHT = Instant.parse("2026-11-10T00:00:00Z");
    static final LocalDate DAY = LocalDate.parse("2026-11-10");

    @Test
    void oneUtcDayKeepsEverything() {
        assertThat(DaySplit.split(MIDNIGHT, MIDNIGHT.plusSeconds(86_400), 7)).containsExactly(new DayShare(DAY, 7));
        assertThat(DaySplit.split(MIDNIGHT, MIDNIGHT.plusSeconds(86_399), 7)).containsExactly(new DayShare(DAY, 7));
    }

    @Test
    void dayCrossingPeriodSplitsByTime() {
        Instant begin = MIDNIGHT.plusSeconds(18 * 3600);
        assertThat(DaySplit.split(begin, begin.plusSeconds(86_400), 100))
                .containsExactly(new DayShare(DAY, 25), new DayShare(DAY.plusDays(1), 75));
    }

    @Test
    void remaindersGoToLargestShareThenEarliestDay() {
        assertThat(DaySplit.split(MIDNIGHT, MIDNIGHT.plusSeconds(36 * 3600), 9))
                .containsExactly(new DayShare(DAY, 6), new DayShare(DAY.plusDays(1), 3));
        assertThat(DaySplit.split(MIDNIGHT, MIDNIGHT.plusSeconds(72 * 3600), 2))
                .containsExactly(new DayShare(DAY, 1), new DayShare(DAY.plusDays(1), 1));
    }

    @Test
    void emptyOrReversedPeriodCountsOnTheBeginDay() {
        assertThat(DaySplit.split(MIDNIGHT, MIDNIGHT, 3)).containsExactly(new DayShare(DAY, 3));
        assertThat(DaySplit.split(MIDNIGHT, MIDNIGHT.minusSeconds(10), 3)).containsExactly(new DayShare(DAY, 3));
    }

    @Test
    void zeroCountHasNoDays() {
        assertThat(DaySplit.split(MIDNIGHT, MIDNIGHT.plusSeconds(86_400), 0)).isEmpty();
    }

    @Test
    void veryLongPeriodIsCutAtTheLimit() {
        List<DayShare> shares = DaySplit.split(MIDNIGHT, MIDNIGHT.plusSeconds(1000L * 86_400), 1_000_000);
        assertThat(shares).hasSize(DaySplit.MAX_PERIOD_DAYS);
        assertThat(shares.stream().mapToLong(DayShare::messages).sum()).isEqualTo(1_000_000);
    }

    @Test
    void hugeCountsDoNotOverflow() {
        long count = Long.MAX_VALUE / 2;
        List<DayShare> shares = DaySplit.split(MIDNIGHT, MIDNIGHT.plusSeconds(3 * 86_400 + 7), count);
        assertThat(shares.stream().mapToLong(DayShare::messages).sum()).isEqualTo(count);
    }

    @Test
    void partsAlwaysAddUpToTheCount() {
        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            Instant begin = MIDNIGHT.plusMillis(random.nextInt(86_400_000));
            Instant end = begin.plusMillis(1 + (long) random.nextInt(10 * 86_400) * 1000);
            long count = random.nextInt(1000);
            List<DayShare> shares = DaySplit.split(begin, end, count);
            assertThat(shares.stream().mapToLong(DayShare::messages).sum()).isEqualTo(count);
            assertThat(shares).allSatisfy(s -> assertThat(s.messages()).isPositive());
        }
    }
}
