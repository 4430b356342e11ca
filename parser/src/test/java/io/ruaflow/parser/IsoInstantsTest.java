package io.ruaflow.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {
    @Test
    void formatsAsInstantToStringAndReadsItBack() {
        Random random = new Random(20261203);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        int[] nanoShapes = {0, 1_000_000, 1_000, 1};
        for (int n = 0; n < 100_000; n++) {
            long second = n % 10 == 0
                    ? 1_700_000_000L + random.nextInt(200_000_000)
                    : first + (long) (random.nextDouble() * (last - first));
            int nanos = random.nextInt(1_000_000_000);
            int unit = nanoShapes[n % nanoShapes.length];
            Instant instant = Instant.ofEpochSecond(second, unit == 0 ? 0 : nanos / unit * unit);
            String text = IsoInstants.format(instant);
            assertThat(text).isEqualTo(instant.toString());
            assertThat(IsoInstants.parse(text)).isEqualTo(instant);
        }
        for (Instant outside : new Instant[] {Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59Z")}) {
            assertThat(IsoInstants.format(outside)).isEqualTo(outside.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-03T17:14:38Z",
                "2026-12-03T17:14:38.9Z",
                "2026-12-03T17:14:38.98981779Z",
                "2026-12-03t17:14:38z",
                "2026-12-03T17:14:38+01:00",
                "2016-12-31T23:59:60Z",
                "2026-02-29T00:00:00Z",
                "2024-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-12-32T00:00:00Z",
                "2026-12-03T24:00:00Z",
                "2026-12-03T17:14:38.Z",
                "2026-12-03T17:14:38.1234567890Z",
                "2026-12-03 17:14:38Z",
                "+12026-12-03T17:14:38Z",
                "2026-1a-03T17:14:38Z",
                "",
            })
    void readsWhatInstantParseReadsAndRefusesWhatItRefuses(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException refused) {
            assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(IsoInstants.parse(text)).isEqualTo(expected);
    }
}
