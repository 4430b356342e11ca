package io.ruaflow.deploy;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.WholeReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes each report as one JSON object on one line, records streamed as they are parsed. A report is held in
 * memory up to {@link #HELD_CHARS} so that a report failing half-way leaves no trace; a larger one is streamed out
 * and, if it fails, its line is closed with an {@code error} key so the output stays valid JSON Lines.
 */
class ReportLineWriter implements ReportHandler {
    /** Characters of one report's line held back before streaming starts. */
    static final int HELD_CHARS = 8 << 20;

    private final Writer out;
    private HoldingWriter line;
    private JsonGenerator json;

    ReportLineWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void header(ReportHeader header) {
        try {
            line = new HoldingWriter(out, HELD_CHARS);
            json = ReportJson.generator(line);
            json.writeStartObject();
            json.writeStringField("report_uid", header.reportUid());
            json.writeStringField("org_name", header.orgName());
            json.writeStringField("org_email", header.orgEmail());
            json.writeStringField("extra_contact_info", header.extraContactInfo());
            json.writeStringField("report_id", header.reportId());
            json.writeStringField("begin", header.begin().toString());
            json.writeStringField("end", header.end().toString());
            json.writeStringField("schema", header.schema().wireName());
            json.writeStringField("generator", header.generator());
            json.writeFieldName("errors");
            ReportJson.writeStrings(json, header.errors());
            json.writeFieldName("policy_published");
            ReportJson.writePolicyPublished(json, header.policyPublished());
            json.writeArrayFieldStart("records");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void record(ReportRecord record) {
        try {
            writeRecord(json, record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one element of {@code records}; the place to add per-record data (e.g. enrichment). */
    protected void writeRecord(JsonGenerator json, ReportRecord record) throws IOException {
        ReportJson.writeRecord(json, record);
    }

    @Override
    public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
        try {
            json.writeEndArray();
            json.writeNumberField("record_count", recordCount);
            json.writeNumberField("message_count", messageCount);
            json.writeFieldName("warnings");
            ReportJson.writeStrings(json, warnings);
            json.writeFieldName("source");
            ReportJson.writeSource(json, header.source());
            json.writeEndObject();
            json.flush();
            line.endLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            json = null;
            line = null;
        }
    }

    /** A report of another kind (SMTP TLS, failure): one line, its {@code report_kind} first. */
    @Override
    public void whole(WholeReport report) {
        try {
            out.write(ReportJson.mapper().writerFor(WholeReport.class).writeValueAsString(report));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The input failed while a report was open: drop its line if nothing was written yet, else close the line with
     * the reason.
     */
    void abandon(String reason) {
        if (line == null) {
            return;
        }
        try {
            if (line.streaming()) {
                json.writeEndArray();
                json.writeStringField("error", reason);
                json.writeEndObject();
                json.flush();
                line.endLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            json = null;
            line = null;
        }
    }

    /** Holds what is written until {@code limit} characters, then writes through. */
    private static final class HoldingWriter extends Writer {
        private final Writer out;
        private final int limit;
        private StringBuilder held = new StringBuilder(4096);

        HoldingWriter(Writer out, int limit) {
            this.out = out;
            this.limit = limit;
        }

        boolean streaming() {
            return held == null;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            if (held != null) {
                held.append(cbuf, off, len);
                if (held.length() > limit) {
                    out.append(held);
                    held = null;
                }
                return;
            }
            out.write(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            if (held != null) {
                held.append(str, off, off + len);
                if (held.length() > limit) {
                    out.append(held);
                    held = null;
                }
                return;
            }
            out.write(str, off, len);
        }

        void endLine() throws IOException {
            if (held != null) {
                out.append(held);
                held = null;
            }
            out.write('\n');
            out.flush();
        }

        @Override
        public void flush() {
            // Flushed once per line by endLine.
        }

        @Override
        public void close() {}
    }
}
