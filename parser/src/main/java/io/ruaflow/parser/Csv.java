package io.ruaflow.parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Writes RFC 4180 CSV: CRLF line ends, a cell quoted when it holds a comma, quote, CR or LF. Text cells that a
 * spreadsheet would run as a formula (starting with {@code = + - @}, tab or CR) get a leading apostrophe; numbers
 * are written as they are, so negative numbers stay numbers.
 */
public final class Csv {
    private final Writer out;

    public Csv(Writer out) {
        this.out = out;
    }

    /** Writes one row; {@code null} becomes an empty cell, collections are joined with {@code "; "}. */
    public Csv row(Object... cells) {
        try {
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(cells[i]));
            }
            out.write("\r\n");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty line, used between the sections of a report. */
    public Csv blank() {
        try {
            out.write("\r\n");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = value instanceof Collection<?> c
                ? c.stream().map(String::valueOf).collect(Collectors.joining("; "))
                : value.toString();
        return quote(defuse(text));
    }

    static String defuse(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + text;
        }
        return text;
    }

    static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
