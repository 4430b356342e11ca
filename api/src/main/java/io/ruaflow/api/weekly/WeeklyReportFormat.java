package io.ruaflow.api.weekly;

import io.ruaflow.parser.ReportJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats a weekly report is rendered in, each with its media type and file extension. */
public enum WeeklyReportFormat {
    JSON("application/json", "json"),
    CSV("text/csv; charset=utf-8", "csv"),
    HTML("text/html; charset=utf-8", "html");

    private final String contentType;
    private final String extension;

    WeeklyReportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** @throws IllegalArgumentException naming the value when it is not json, csv or html */
    public static WeeklyReportFormat fromName(String name) {
        for (WeeklyReportFormat format : values()) {
            if (format.extension.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("format must be one of "
                + Arrays.stream(values()).map(f -> f.extension).collect(Collectors.joining(", ")) + ": " + name);
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** Writes the report in this format as UTF-8; does not close {@code out}. */
    public void write(WeeklyReport report, OutputStream out) throws IOException {
        switch (this) {
            case JSON -> {
                ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValue(new NonClosing(out), report);
            }
            case CSV -> {
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                WeeklyReportCsv.write(report, writer);
                writer.flush();
            }
            case HTML -> out.write(WeeklyReportHtml.render(report).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
