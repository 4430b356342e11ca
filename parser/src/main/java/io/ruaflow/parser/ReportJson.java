package io.ruaflow.parser;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The one JSON dialect ruaflow speaks everywhere (CLI output, topics, HTTP): snake_case keys, ISO-8601 UTC
 * instants, unknown keys ignored on read so that newer writers do not break older readers.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ReportJson() {}

    /** A shared, thread-safe mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
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
}
