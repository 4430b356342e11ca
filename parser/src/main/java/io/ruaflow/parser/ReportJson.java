package io.ruaflow.parser;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The one JSON dialect ruaflow speaks everywhere (CLI output, topics, HTTP): snake_case keys, ISO-8601 UTC
 * instants, unknown keys ignored on read so that newer writers do not break older readers.
 */
public final class ReportJson {
    /**
     * The JSON factory of {@link #writeRecord} and its kin: what the mapper's generators write, without the mapper.
     * Making a mapper (its date formats, locale data, modules) was a tenth of a short command's start, and writing a
     * report's line needs none.
     */
    private static final JsonFactory FACTORY = new JsonFactory();

    private ReportJson() {}

    /** Made on first use (see {@link #FACTORY}). */
    private static final class Mapper {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** A shared, thread-safe mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    /** A generator writing to {@code out} as the mapper's do, for the field-by-field writers below. */
    public static JsonGenerator generator(Writer out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /** Writes {@code strings} as an array, as the mapper does (null elements as null). */
    public static void writeStrings(JsonGenerator json, List<String> strings) throws IOException {
        json.writeStartArray();
        for (String s : strings) {
            json.writeString(s);
        }
        json.writeEndArray();
    }

    /** Writes {@code name} and {@code value}, or null, as the mapper writes a nullable Integer. */
    public static void writeNumberField(JsonGenerator json, String name, Integer value) throws IOException {
        json.writeFieldName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value);
        }
    }

    /** Writes a report's published policy as the mapper does: the same keys, order and nulls. */
    public static void writePolicyPublished(JsonGenerator json, PolicyPublished policy) throws IOException {
        if (policy == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("domain", policy.domain());
        json.writeStringField("p", policy.p());
        json.writeStringField("sp", policy.sp());
        json.writeStringField("np", policy.np());
        json.writeStringField("adkim", policy.adkim());
        json.writeStringField("aspf", policy.aspf());
        writeNumberField(json, "pct", policy.pct());
        json.writeStringField("fo", policy.fo());
        json.writeStringField("testing", policy.testing());
        json.writeStringField("discovery_method", policy.discoveryMethod());
        json.writeEndObject();
    }

    /** Writes where a report came from as the mapper does. */
    public static void writeSource(JsonGenerator json, ReportSource source) throws IOException {
        if (source == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("file", source.file());
        json.writeStringField("sha256", source.sha256());
        json.writeEndObject();
    }

    /**
     * Writes one record as the mapper does ({@code mapper().writeValue(json, record)}: the same keys, order and
     * nulls), field by field. Records are most of what ruaflow writes (a report of a hundred thousand of them), and
     * the mapper's reflective bean path cost several times this.
     */
    public static void writeRecord(JsonGenerator json, ReportRecord record) throws IOException {
        json.writeStartObject();
        writeRecordFields(json, record);
        json.writeEndObject();
    }

    /** The keys and values of {@link #writeRecord} without the braces, for an object that adds keys after them. */
    public static void writeRecordFields(JsonGenerator json, ReportRecord record) throws IOException {
        json.writeStringField("source_ip", record.sourceIp());
        json.writeNumberField("count", record.count());
        json.writeStringField("disposition", record.disposition());
        json.writeStringField("dkim", record.dkim());
        json.writeStringField("spf", record.spf());
        json.writeArrayFieldStart("reasons");
        for (OverrideReason reason : record.reasons()) {
            json.writeStartObject();
            json.writeStringField("type", reason.type());
            json.writeStringField("comment", reason.comment());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("envelope_to", record.envelopeTo());
        json.writeStringField("envelope_from", record.envelopeFrom());
        json.writeStringField("header_from", record.headerFrom());
        json.writeArrayFieldStart("dkim_results");
        for (DkimAuthResult dkim : record.dkimResults()) {
            json.writeStartObject();
            json.writeStringField("domain", dkim.domain());
            json.writeStringField("selector", dkim.selector());
            json.writeStringField("result", dkim.result());
            json.writeStringField("human_result", dkim.humanResult());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("spf_results");
        for (SpfAuthResult spf : record.spfResults()) {
            json.writeStartObject();
            json.writeStringField("domain", spf.domain());
            json.writeStringField("scope", spf.scope());
            json.writeStringField("result", spf.result());
            json.writeStringField("human_result", spf.humanResult());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /**
     * Reads a record as {@link #writeRecord} writes it, the value the parser's current token starts (see
     * {@link JsonFields} for what is accepted); null for a JSON null.
     */
    public static ReportRecord readRecord(JsonParser json) throws IOException {
        RecordFields r = new RecordFields();
        if (!JsonFields.object(json, r)) {
            return null;
        }
        return new ReportRecord(
                r.sourceIp,
                r.count,
                r.disposition,
                r.dkim,
                r.spf,
                r.reasons,
                r.envelopeTo,
                r.envelopeFrom,
                r.headerFrom,
                r.dkimResults,
                r.spfResults);
    }

    private static final class RecordFields implements JsonFields.FieldReader {
        String sourceIp, disposition, dkim, spf, envelopeTo, envelopeFrom, headerFrom;
        long count;
        List<OverrideReason> reasons;
        List<DkimAuthResult> dkimResults;
        List<SpfAuthResult> spfResults;

        @Override
        public void read(String key, JsonParser json) throws IOException {
            switch (key) {
                case "source_ip" -> sourceIp = JsonFields.text(json);
                case "count" -> count = JsonFields.longValue(json);
                case "disposition" -> disposition = JsonFields.text(json);
                case "dkim" -> dkim = JsonFields.text(json);
                case "spf" -> spf = JsonFields.text(json);
                case "reasons" -> reasons = JsonFields.list(json, ReportJson::readReason);
                case "envelope_to" -> envelopeTo = JsonFields.text(json);
                case "envelope_from" -> envelopeFrom = JsonFields.text(json);
                case "header_from" -> headerFrom = JsonFields.text(json);
                case "dkim_results" -> dkimResults = JsonFields.list(json, ReportJson::readDkim);
                case "spf_results" -> spfResults = JsonFields.list(json, ReportJson::readSpf);
                default -> json.skipChildren();
            }
        }
    }

    private static OverrideReason readReason(JsonParser json) throws IOException {
        String[] v = new String[2];
        boolean present = JsonFields.object(json, (key, value) -> {
            switch (key) {
                case "type" -> v[0] = JsonFields.text(value);
                case "comment" -> v[1] = JsonFields.text(value);
                default -> value.skipChildren();
            }
        });
        return present ? new OverrideReason(v[0], v[1]) : null;
    }

    private static DkimAuthResult readDkim(JsonParser json) throws IOException {
        String[] v = authResultFields(json, "selector");
        return v == null ? null : new DkimAuthResult(v[0], v[1], v[2], v[3]);
    }

    private static SpfAuthResult readSpf(JsonParser json) throws IOException {
        String[] v = authResultFields(json, "scope");
        return v == null ? null : new SpfAuthResult(v[0], v[1], v[2], v[3]);
    }

    /** domain, {@code second} (selector or scope), result and human_result of an auth result; null for null. */
    private static String[] authResultFields(JsonParser json, String second) throws IOException {
        String[] v = new String[4];
        boolean present = JsonFields.object(json, (key, value) -> {
            int index =
                    switch (key) {
                        case "domain" -> 0;
                        case "result" -> 2;
                        case "human_result" -> 3;
                        default -> key.equals(second) ? 1 : -1;
                    };
            if (index < 0) {
                value.skipChildren();
            } else {
                v[index] = JsonFields.text(value);
            }
        });
        return present ? v : null;
    }
}
