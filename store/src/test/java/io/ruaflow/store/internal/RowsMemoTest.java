package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.parser.DkimAuthResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowsMemoTest {
    @Test
    void equalValuesGetTheJsonTheyWouldGetWithoutTheMemo() {
        Rows.Memo memo = new Rows.Memo();
        List<DkimAuthResult> first = List.of(new DkimAuthResult("example.com", "s1", "pass", null));
        List<DkimAuthResult> equal = new ArrayList<>(first);
        List<DkimAuthResult> other = List.of(new DkimAuthResult("example.com", "s2", "fail", "bad \"sig\""));
        assertThat(memo.json(first)).isEqualTo(Rows.json(first)).contains("s1");
        assertThat(memo.json(equal)).isEqualTo(Rows.json(first));
        assertThat(memo.json(other)).isEqualTo(Rows.json(other)).contains("s2");
        assertThat(memo.json(List.of())).isEqualTo("[]");
    }

    @Test
    void moreDistinctValuesThanItHoldsAreStillEncodedRightly() {
        Rows.Memo memo = new Rows.Memo();
        for (int i = 0; i < Rows.Memo.MAX_ENTRIES + 10; i++) {
            List<DkimAuthResult> value = List.of(new DkimAuthResult("d" + i + ".example", "s", "pass", null));
            assertThat(memo.json(value)).isEqualTo(Rows.json(value));
        }
        assertThat(memo.domainKey("Bücher.Example")).isEqualTo(Rows.domainKey("Bücher.Example"));
        assertThat(memo.domainKey(null)).isEqualTo(Rows.domainKey(null));
    }
}
