package io.ruaflow.deploy;

import io.ruaflow.parser.Csv;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of values printed as an aligned table or as CSV. CSV goes through the one formula-safe {@link Csv} writer the
 * HTTP API uses, so a reporter-supplied {@code =cmd|...} never reaches a spreadsheet as a formula.
 */
record TextTable(List<String> header, List<List<Object>> rows) {
    static TextTable of(String... header) {
        return new TextTable(List.of(header), new ArrayList<>());
    }

    TextTable add(Object... values) {
        rows.add(Arrays.asList(values));
        return this;
    }

    void printCsv(PrintWriter out) {
        Csv csv = new Csv(out);
        csv.row(header.toArray());
        for (List<Object> row : rows) {
            csv.row(row.toArray());
        }
        out.flush();
    }

    void printTable(PrintWriter out) {
        List<List<String>> text = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>(row.size());
            for (Object value : row) {
                cells.add(
                        value == null ? "" : value.toString().replace('\n', ' ').replace('\r', ' '));
            }
            text.add(cells);
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : text) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(header, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (List<String> row : text) {
            out.println(line(row, widths));
        }
        out.flush();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            out.append(i == 0 ? "" : "  ").append(cell);
            if (i < cells.size() - 1) {
                out.append(" ".repeat(widths[i] - cell.length()));
            }
        }
        return out.toString();
    }
}
