package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrittenKeysTest {
    private static List<Object[]> records(String uid, long... positions) {
        List<Object[]> rows = new ArrayList<>();
        for (long position : positions) {
            rows.add(new Object[] {uid, position});
        }
        return rows;
    }

    private static List<Object[]> reports(String... uids) {
        List<Object[]> rows = new ArrayList<>();
        for (String uid : uids) {
            rows.add(new Object[] {uid});
        }
        return rows;
    }

    @Test
    void nothingWrittenCannotClash() {
        assertThat(new WrittenKeys().mayClash(records("a", 0, 1), reports("a"))).isFalse();
    }

    @Test
    void recordsBeyondTheGreatestWrittenPositionDoNotClashButEarlierOnesDo() {
        WrittenKeys keys = new WrittenKeys();
        keys.add(records("a", 0, 1, 2), List.of());

        assertThat(keys.mayClash(records("a", 3, 4), List.of())).isFalse();
        assertThat(keys.mayClash(records("a", 2), List.of())).isTrue();
        assertThat(keys.mayClash(records("a", 0), List.of())).isTrue();
        assertThat(keys.mayClash(records("b", 0), List.of())).isFalse();
    }

    @Test
    void aWrittenReportClashesEvenWithoutRecords() {
        WrittenKeys keys = new WrittenKeys();
        keys.add(List.of(), reports("a"));

        assertThat(keys.mayClash(List.of(), reports("a"))).isTrue();
        assertThat(keys.mayClash(records("a", 0), List.of())).isFalse();
        assertThat(keys.mayClash(List.of(), reports("b"))).isFalse();
    }

    @Test
    void negativeOrHugePositionsAlwaysMayClash() {
        WrittenKeys keys = new WrittenKeys();
        assertThat(keys.mayClash(records("a", -1), List.of())).isTrue();
        assertThat(keys.mayClash(records("a", WrittenKeys.MAX_POSITION), List.of()))
                .isTrue();
    }

    @Test
    void manyReportsAreAllRemembered() {
        WrittenKeys keys = new WrittenKeys();
        for (int i = 0; i < 100_000; i++) {
            keys.addRecord("report-" + i, i % 7);
        }
        keys.addReport("report-5");

        assertThat(keys.size()).isEqualTo(100_000);
        for (int i = 0; i < 100_000; i += 997) {
            assertThat(keys.mayClash(records("report-" + i, i % 7), List.of())).isTrue();
            assertThat(keys.mayClash(records("report-" + i, i % 7 + 1), List.of()))
                    .isFalse();
        }
        assertThat(keys.mayClash(List.of(), reports("report-5"))).isTrue();
    }
}
