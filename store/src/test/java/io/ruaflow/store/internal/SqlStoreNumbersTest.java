package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SqlStoreNumbersTest {
    @Test
    void numbersThatFitAreReadAsTheyAre() {
        assertThat(SqlStore.asLong(null)).isZero();
        assertThat(SqlStore.asLong(42)).isEqualTo(42);
        assertThat(SqlStore.asLong(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(SqlStore.asLong(BigInteger.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(SqlStore.asLong(new BigDecimal("1000000000001"))).isEqualTo(1_000_000_000_001L);
        assertThat(SqlStore.asLong("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void sumsThatOverflowedAreRefusedNotWrapped() {
        // DuckDB sums BIGINT into HUGEINT: 1 + 9223372036854775807 comes back as a BigInteger
        assertThatThrownBy(
                        () -> SqlStore.asLong(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("9223372036854775808, which does not fit in 64 bits");
        // ClickHouse UInt64 as text, and Int64 sums that wrapped to a negative number
        assertThatThrownBy(() -> SqlStore.asLong("18446744073709551615")).hasMessageContaining("64 bits");
        assertThatThrownBy(() -> SqlStore.asLong(Long.MIN_VALUE)).hasMessageContaining("a sum overflowed 64 bits");
        assertThatThrownBy(() -> SqlStore.asLong(new BigDecimal("1.5"))).isInstanceOf(ArithmeticException.class);
    }
}
