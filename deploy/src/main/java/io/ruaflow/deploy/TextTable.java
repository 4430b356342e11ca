package io.ruaflow.deploy;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows of text printed as an aligned table or as CSV (RFC 4180 quoting). */
record TextTable(List<String> header, List<List<String>> rows) {
    static TextTable of(String... header) {
        return new TextTable(List.of(header), new ArrayList<>());
    }

    TextTable add(Object... values) {
        List<String> row = new ArrayList<>(values.length);
        for (Object value : values) {
            row.add(value == null ? "" : value.toString());
        }
        rows.add(row);
        return this;
    }

    void printCsv(PrintWriter out) {
        out.println(csvLine(header));
        for (List<String> row : rows) {
            out.println(csvLine(row));
        }
        out.flush();
    }

    void printTable(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(header, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
        out.flush();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i).replace('\n', ' ').replace('\r', ' ');
            out.append(i == 0 ? "" : "  ").append(cell);
            if (i < cells.size() - 1) {
                out.append(" ".repeat(widths[i] - cell.length()));
            }
        }
        return out.toString();
    }

    static String csvLine(List<String> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (i > 0) {
                out.append(',');
            }
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        return out.toString();
    }
}
