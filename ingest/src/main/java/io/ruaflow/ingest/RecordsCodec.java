package io.ruaflow.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.Enrichment;
import io.ruaflow.enricher.EnrichmentJson;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.parser.ReportRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes records-topic messages; the only place that knows their wire format.
 *
 * <p>Schema version 1 has two kinds, one message each: {@code {"kind":"record","schema_version":1,"report":{..},
 * "position":n,"record":{..},"enrichment":{..}}} and {@code {"kind":"report",...}} (a {@link ReportCompleted}).
 * Schema version 2 adds the batched kind {@code records}, written by {@link #encodeRecords}: the report header once,
 * then consecutive records of that report, and optionally the report's completion:
 *
 * <pre>{@code {"kind":"records","schema_version":2,"report":{..},
 *  "records":[{"position":n,"record":{..},"enrichment":{..}},..],
 *  "completed":{"record_count":n,"message_count":n,"warnings":[..]}}}</pre>
 *
 * Kinds {@code rejected} ({@code ReportRejected}) and {@code whole} (a {@code WholeReportMessage}: an SMTP TLS or
 * failure report, with its {@code report_kind}) are single messages of version 2, written by {@link #encode}.
 * {@code kind} is always the first key of a {@code records} message. {@link #decodeAll} reads every kind of every
 * version up to {@link RecordsMessage#CURRENT_SCHEMA_VERSION}; a build that only reads version 1 refuses a
 * {@code records} message (it goes to its DLQ), so sinks are upgraded before process instances.
 */
public final class RecordsCodec {
    /** A batch is cut into several messages once its encoded size passes this (well under Kafka's 1 MiB). */
    static final int MAX_BATCH_MESSAGE_BYTES = 256 * 1024;

    private static final String KIND = "kind";
    private static final String KIND_RECORDS = "records";
    private static final ObjectMapper MAPPER = ReportJson.mapper();
    private static final ObjectWriter MESSAGE_WRITER = MAPPER.writerFor(RecordsMessage.class);
    private static final ObjectReader MESSAGE_READER = MAPPER.readerFor(RecordsMessage.class);
    private static final ObjectWriter HEADER_WRITER = MAPPER.writerFor(ReportHeader.class);
    private static final ObjectReader HEADER_READER = MAPPER.readerFor(ReportHeader.class);
    private static final ObjectReader WARNINGS_READER = MAPPER.readerFor(new TypeReference<List<String>>() {});

    private RecordsCodec() {}

    /** One single message: kind {@code record} or {@code report} (version 1), {@code rejected} or {@code whole}. */
    public static byte[] encode(RecordsMessage message) {
        try {
            return MESSAGE_WRITER.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode records message for report " + message.reportUid(), e);
        }
    }

    /**
     * Consecutive records of one report, and optionally that report's completion, as few {@code records} messages
     * as fit {@link #MAX_BATCH_MESSAGE_BYTES} each (the completion rides in the last one). The report header is
     * written once per message, not once per record.
     *
     * @param report the header shared by every record (the records' own headers are not written)
     * @param completed the report's completion, or null when more records follow
     */
    public static List<byte[]> encodeRecords(
            ReportHeader report, List<EnrichedRecord> records, ReportCompleted completed) {
        return encodeRecords(report, records, completed, MAX_BATCH_MESSAGE_BYTES);
    }

    /**
     * The bytes of a message: its value, or, for one handed over as objects, its {@link RecordsBatch} encoded as one
     * {@code records} message (for a dead letter, which always holds bytes).
     */
    public static byte[] bytesOf(Envelope envelope) {
        if (envelope.payload() instanceof RecordsBatch batch) {
            return encodeRecords(batch.report(), batch.records(), batch.completed(), Integer.MAX_VALUE)
                    .get(0);
        }
        return envelope.value();
    }

    /** Every records message in a message, whether handed over as objects or as bytes ({@link #decodeAll}). */
    public static List<RecordsMessage> decodeAll(Envelope envelope) {
        if (envelope.payload() instanceof RecordsBatch batch) {
            return batch.messages();
        }
        return decodeAll(envelope.value());
    }

    private static List<byte[]> encodeRecords(
            ReportHeader report, List<EnrichedRecord> records, ReportCompleted completed, int maxBytes) {
        List<byte[]> messages = new ArrayList<>(1);
        try {
            int next = 0;
            do {
                ByteArrayBuilder out = new ByteArrayBuilder(16 * 1024);
                try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
                    gen.writeStartObject();
                    gen.writeStringField(KIND, KIND_RECORDS);
                    gen.writeNumberField("schema_version", 2);
                    gen.writeFieldName("report");
                    HEADER_WRITER.writeValue(gen, report);
                    gen.writeArrayFieldStart("records");
                    while (next < records.size()) {
                        EnrichedRecord record = records.get(next++);
                        gen.writeStartObject();
                        gen.writeNumberField("position", record.position());
                        gen.writeFieldName("record");
                        ReportJson.writeRecord(gen, record.record());
                        gen.writeFieldName("enrichment");
                        EnrichmentJson.write(gen, record.enrichment());
                        gen.writeEndObject();
                        if (next < records.size()) {
                            gen.flush();
                            if (out.size() >= maxBytes) {
                                break;
                            }
                        }
                    }
                    gen.writeEndArray();
                    if (completed != null && next == records.size()) {
                        gen.writeObjectFieldStart("completed");
                        gen.writeNumberField("record_count", completed.recordCount());
                        gen.writeNumberField("message_count", completed.messageCount());
                        gen.writeArrayFieldStart("warnings");
                        for (String warning : completed.warnings()) {
                            gen.writeString(warning);
                        }
                        gen.writeEndArray();
                        gen.writeEndObject();
                    }
                    gen.writeEndObject();
                }
                messages.add(out.toByteArray());
                out.release();
            } while (next < records.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode records of report " + report.reportUid(), e);
        }
        return messages;
    }

    /**
     * One message of schema version 1.
     *
     * @throws IllegalArgumentException when the bytes are not a single records message of a version this build reads
     */
    public static RecordsMessage decode(byte[] bytes) {
        List<RecordsMessage> all = decodeAll(bytes);
        if (all.size() != 1) {
            throw new IllegalArgumentException(
                    "a records message holding " + all.size() + " messages; read it with decodeAll");
        }
        return all.get(0);
    }

    /**
     * Any records message: one {@link RecordsMessage} for kinds {@code record} and {@code report}; for a
     * {@code records} batch its records in order (sharing one header instance), then its completion if it has one.
     *
     * @throws IllegalArgumentException when the bytes are not a records message of a version this build reads
     */
    public static List<RecordsMessage> decodeAll(byte[] bytes) {
        try {
            if (isBatch(bytes)) {
                return decodeBatch(bytes);
            }
            RecordsMessage message = MESSAGE_READER.readValue(bytes);
            checkVersion(message.schemaVersion());
            return List.of(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a records message: " + e.getOriginalMessage(), e);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("not a records message: a required value is null", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkVersion(int schemaVersion) {
        if (schemaVersion > RecordsMessage.CURRENT_SCHEMA_VERSION) {
            throw new IllegalArgumentException("records message schema_version " + schemaVersion
                    + " is newer than this build reads (" + RecordsMessage.CURRENT_SCHEMA_VERSION + ")");
        }
    }

    /** Whether the first key is {@code kind} with value {@code records}. */
    private static boolean isBatch(byte[] bytes) throws IOException {
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            return parser.nextToken() == JsonToken.START_OBJECT
                    && parser.nextToken() == JsonToken.FIELD_NAME
                    && KIND.equals(parser.currentName())
                    && parser.nextToken() == JsonToken.VALUE_STRING
                    && KIND_RECORDS.equals(parser.getText());
        } catch (JsonProcessingException e) {
            return false; // reported by the general reader
        }
    }

    private static List<RecordsMessage> decodeBatch(byte[] bytes) throws IOException {
        int schemaVersion = -1;
        ReportHeader report = null;
        List<Entry> entries = List.of();
        Completion completion = null;
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "schema_version" -> schemaVersion = parser.getValueAsInt(-1);
                    case "report" -> report = HEADER_READER.readValue(parser);
                    case "records" -> entries = readEntries(parser, value);
                    case "completed" -> completion = value == JsonToken.VALUE_NULL ? null : readCompletion(parser);
                    default -> parser.skipChildren(); // kind, or a key a newer writer added
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalArgumentException("not a records message: trailing content");
            }
        }
        if (schemaVersion < 2) {
            throw new IllegalArgumentException("records message of kind records without schema_version 2 or later");
        }
        checkVersion(schemaVersion);
        if (report == null || report.reportUid() == null) {
            throw new IllegalArgumentException("records message without a report header");
        }
        List<RecordsMessage> messages = new ArrayList<>(entries.size() + 1);
        for (Entry entry : entries) {
            messages.add(new EnrichedRecord(schemaVersion, report, entry.position, entry.record, entry.enrichment));
        }
        if (completion != null) {
            messages.add(new ReportCompleted(
                    schemaVersion, report, completion.recordCount, completion.messageCount, completion.warnings));
        }
        return messages;
    }

    private static List<Entry> readEntries(JsonParser parser, JsonToken start) throws IOException {
        expect(start, JsonToken.START_ARRAY, parser);
        List<Entry> entries = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            long position = -1;
            ReportRecord record = null;
            Enrichment enrichment = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                try {
                    switch (field) {
                        case "position" -> position = parser.getValueAsLong(-1);
                        case "record" -> record = ReportJson.readRecord(parser);
                        case "enrichment" -> enrichment = EnrichmentJson.read(parser);
                        default -> parser.skipChildren();
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "not a records message: " + field + "." + e.getMessage() + " at "
                                    + parser.currentLocation().offsetDescription(),
                            e);
                }
            }
            if (position < 0 || record == null || enrichment == null) {
                throw new IllegalArgumentException(
                        "records message with an entry lacking position, record or enrichment");
            }
            entries.add(new Entry(position, record, enrichment));
        }
        expect(parser.currentToken(), JsonToken.END_ARRAY, parser);
        return entries;
    }

    private static Completion readCompletion(JsonParser parser) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, parser);
        long recordCount = -1;
        long messageCount = -1;
        List<String> warnings = List.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "record_count" -> recordCount = parser.getValueAsLong(-1);
                case "message_count" -> messageCount = parser.getValueAsLong(-1);
                case "warnings" -> warnings = WARNINGS_READER.readValue(parser);
                default -> parser.skipChildren();
            }
        }
        if (recordCount < 0 || messageCount < 0) {
            throw new IllegalArgumentException("records message whose completion lacks record_count or message_count");
        }
        return new Completion(recordCount, messageCount, warnings == null ? List.of() : warnings);
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser parser) {
        if (actual != expected) {
            throw new IllegalArgumentException("not a records message: expected " + expected + " but found " + actual
                    + " at " + parser.currentLocation().offsetDescription());
        }
    }

    private record Entry(long position, ReportRecord record, Enrichment enrichment) {}

    private record Completion(long recordCount, long messageCount, List<String> warnings) {}
}
