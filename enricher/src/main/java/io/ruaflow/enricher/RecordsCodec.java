package io.ruaflow.enricher;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ruaflow.parser.ReportJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes and decodes records-topic messages; the only place that knows their wire format. */
public final class RecordsCodec {
    private RecordsCodec() {}

    public static byte[] encode(RecordsMessage message) {
        try {
            return ReportJson.mapper().writerFor(RecordsMessage.class).writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode records message for report " + message.reportUid(), e);
        }
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a records message of a version this build reads
     */
    public static RecordsMessage decode(byte[] bytes) {
        RecordsMessage message;
        try {
            message = ReportJson.mapper().readValue(bytes, RecordsMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a records message: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (message.schemaVersion() > RecordsMessage.CURRENT_SCHEMA_VERSION) {
            throw new IllegalArgumentException("records message schema_version " + message.schemaVersion()
                    + " is newer than this build reads (" + RecordsMessage.CURRENT_SCHEMA_VERSION + ")");
        }
        return message;
    }
}
