package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruaflow.store.testing.ClickHouseServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A quoted value reads back from a real ClickHouse as exactly the value. */
class SqlLiteralsClickHouseTest {
    @Test
    void everyTrickyValueRoundTripsThroughClickHouse() throws Exception {
        StringBuilder allControls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            allControls.append(c);
        }
        List<String> values = List.of(
                "",
                "'",
                "''",
                "\\",
                "\\'",
                "'\\",
                "end\\",
                "x' OR '1'='1",
                "a\0b",
                "line\nnext\r\n\ttab",
                allControls.toString(),
                "\u007f",
                "ünïcødé 日本語 📬 \u2028\u2029",
                "?",
                "{param:String}",
                "`backtick` \"double\"",
                "; DROP TABLE x; --");
        ClickHouseServer server = ClickHouseServer.shared();
        ObjectMapper json = new ObjectMapper();
        for (String value : values) {
            String body = server.execute("SELECT " + SqlLiterals.quote(value) + " AS v FORMAT JSONEachRow");
            assertThat(json.readTree(body).get("v").asText())
                    .as("%s", json.writeValueAsString(value))
                    .isEqualTo(value);
        }
    }
}
