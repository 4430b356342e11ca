package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The enrichment key's numbers are zero-padded so that text order is number order. */
class RowsPadTest {
    @ParameterizedTest
    @CsvSource({
        "0, 15, 000000000000000",
        "7, 15, 000000000000007",
        "10, 15, 000000000000010",
        "1764720000000, 15, 001764720000000",
        "999999999999999, 15, 999999999999999",
        "1000000000000000, 15, 1000000000000000",
        "99, 19, 0000000000000000099",
        "999999999999999999, 19, 0999999999999999999",
        "9223372036854775807, 19, 9223372036854775807"
    })
    void padsToTheWidthAndNeverCuts(long value, int width, String expected) {
        StringBuilder key = new StringBuilder("x");
        Rows.pad(key, value, width);
        assertThat(key.toString()).isEqualTo("x" + expected);
    }

    @Test
    void paddedNumbersSortAsNumbers() {
        long[] values = {0, 9, 10, 99, 100, 1_764_720_000_000L, 99_999_999_999_999L};
        for (int i = 1; i < values.length; i++) {
            StringBuilder a = new StringBuilder();
            StringBuilder b = new StringBuilder();
            Rows.pad(a, values[i - 1], 15);
            Rows.pad(b, values[i], 15);
            assertThat(a.toString()).isLessThan(b.toString());
        }
    }
}
