package io.ruaflow.store.internal;

import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.WholeReportMessage;
import io.ruaflow.parser.ReportKind;
import io.ruaflow.parser.WholeReport;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one kind of whole report ({@link WholeReportMessage}) becomes rows: the one store write a new kind needs.
 * Both stores write a kind's tables in {@link #tables()} order, the completion table last, after removing (DuckDB)
 * or superseding (ClickHouse, same keys) what an earlier copy of the report wrote, so that a report written twice
 * counts once and one cut short never counts.
 */
public interface KindRows {
    ReportKind kind();

    /** The kind's tables, the completion table (one row per report, key report_uid) last. */
    List<Schema.Table> tables();

    /** The rows of {@code report} for each of {@link #tables()}, in that order. */
    List<List<Object[]>> rows(WholeReport report, long writtenAtMs);

    /** The writer of each kind that has one. */
    Map<ReportKind, KindRows> ALL = byKind(List.of(new TlsRows(), new FailureRows()));

    /** The completion table of every kind: a report in one of them is stored. */
    static List<Schema.Table> completionTables() {
        return ALL.values().stream()
                .map(k -> k.tables().get(k.tables().size() - 1))
                .toList();
    }

    /**
     * The whole reports of a batch by kind, deduplicated by uid (the last wins), in first-seen order.
     *
     * @throws IllegalArgumentException for a kind this build cannot store (the sink dead-letters the message)
     */
    static Map<KindRows, List<WholeReport>> of(List<RecordsMessage> batch) {
        Map<KindRows, Map<String, WholeReport>> byKind = new LinkedHashMap<>();
        for (RecordsMessage message : batch) {
            if (message instanceof WholeReportMessage whole) {
                KindRows rows = ALL.get(whole.report().kind());
                if (rows == null) {
                    throw new IllegalArgumentException(
                            "this build cannot store " + whole.report().kind().description() + "s: "
                                    + whole.report().describe());
                }
                byKind.computeIfAbsent(rows, k -> new LinkedHashMap<>()).put(whole.reportUid(), whole.report());
            }
        }
        Map<KindRows, List<WholeReport>> out = new LinkedHashMap<>();
        byKind.forEach((k, v) -> out.put(k, new ArrayList<>(v.values())));
        return out;
    }

    private static Map<ReportKind, KindRows> byKind(List<KindRows> all) {
        Map<ReportKind, KindRows> map = new EnumMap<>(ReportKind.class);
        for (KindRows rows : all) {
            map.put(rows.kind(), rows);
        }
        return Map.copyOf(map);
    }
}
