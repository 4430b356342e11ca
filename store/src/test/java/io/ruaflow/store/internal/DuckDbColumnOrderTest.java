package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.store.DateRange;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.testing.StoreTestData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbColumnOrderTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-16");

    @TempDir
    Path dir;

    /** A column added by a later migration ends up last in the table, wherever the schema declares it. */
    @Test
    void appendsFollowTheTablesColumnOrderNotTheSchemas() throws Exception {
        Path file = dir.resolve("reordered.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement s = connection.createStatement()) {
            for (String ddl : DuckDbStore.migration(1)) {
                String head = ddl.substring(0, ddl.indexOf('(') + 1);
                List<String> columns = new ArrayList<>(Arrays.asList(
                        ddl.substring(head.length(), ddl.length() - 1).split(", ")));
                Collections.reverse(columns);
                s.execute(head + String.join(", ", columns) + ")");
            }
        }
        try (DuckDbStore store = DuckDbStore.open(file)) {
            store.write(StoreTestData.report(
                    StoreTestData.dayHeader("Google", "1", "example.com", DAY),
                    StoreTestData.Source.passing("192.0.2.1", 3),
                    StoreTestData.Source.failing("192.0.2.2", 4)));
            DateRange day = new DateRange(DAY, DAY);
            assertThat(store.summary("example.com", day).messages()).isEqualTo(7);
            assertThat(store.sources("example.com", day, new SourceQuery(true, 10)))
                    .singleElement()
                    .satisfies(row -> assertThat(row.sourceIp()).isEqualTo("192.0.2.2"));
            assertThat(store.reports("example.com", 10))
                    .singleElement()
                    .satisfies(report -> assertThat(report.records()).isEqualTo(2));
        }
    }
}
