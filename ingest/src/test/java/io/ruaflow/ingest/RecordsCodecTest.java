package io.ruaflow.ingest;

import static io.ruaflow.samples.ReportBuilder.dkim;
import static io.ruaflow.samples.ReportBuilder.header;
import static io.ruaflow.samples.ReportBuilder.record;
import static io.ruaflow.samples.ReportBuilder.spf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.enricher.EnrichedRecord;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.enricher.ReportCompleted;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsCodecTest {
    private static final ReportHeader HEADER = header("example.com", "r", "r");

    private static List<EnrichedRecord> records(int count) {
        List<ReportRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(
                    "192.0.2." + (i % 250),
                    "example.com",
                    "bounce.example.com",
                    List.of(dkim("example.com", "s" + i, "pass")),
                    List.of(spf("bounce.example.com", "pass")),
                    List.of()));
        }
        return Enricher.offline().enrich(HEADER, records, 7);
    }

    @Test
    void batchOfRecordsWithItsCompletionDecodesToTheSameMessagesInOrder() {
        List<EnrichedRecord> records = records(3);
        ReportCompleted completed = ReportCompleted.of(HEADER, 10, 40, List.of("a warning"));
        List<byte[]> encoded = RecordsCodec.encodeRecords(HEADER, records, completed);
        assertThat(encoded).hasSize(1);
        List<RecordsMessage> decoded = RecordsCodec.decodeAll(encoded.get(0));
        assertThat(decoded).hasSize(4);
        for (int i = 0; i < 3; i++) {
            EnrichedRecord got = (EnrichedRecord) decoded.get(i);
            assertThat(got.position()).isEqualTo(7 + i);
            assertThat(got.report()).isEqualTo(HEADER);
            assertThat(got.record()).isEqualTo(records.get(i).record());
            assertThat(got.enrichment()).isEqualTo(records.get(i).enrichment());
        }
        assertThat(decoded.get(3)).isEqualTo(completed);
    }

    @Test
    void headerIsWrittenOncePerBatchNotOncePerRecord() {
        List<EnrichedRecord> records = records(20);
        String json =
                new String(RecordsCodec.encodeRecords(HEADER, records, null).get(0), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"kind\":\"records\",\"schema_version\":2,");
        assertThat(json.split("\"report_uid\"", -1)).hasSize(2); // the header appears once
    }

    @Test
    void largeBatchIsCutIntoMessagesUnderTheSizeLimitWithTheCompletionInTheLast() {
        List<EnrichedRecord> records = records(2_000);
        ReportCompleted completed = ReportCompleted.of(HEADER, 2_000, 2_000, List.of());
        List<byte[]> encoded = RecordsCodec.encodeRecords(HEADER, records, completed);
        assertThat(encoded.size()).isGreaterThan(1);
        List<RecordsMessage> all = new ArrayList<>();
        for (byte[] message : encoded) {
            assertThat(message.length).isLessThan(RecordsCodec.MAX_BATCH_MESSAGE_BYTES + 64 * 1024);
            all.addAll(RecordsCodec.decodeAll(message));
        }
        assertThat(all).hasSize(2_001);
        assertThat(all.subList(0, 2_000))
                .extracting(m -> ((EnrichedRecord) m).position())
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(all.get(2_000)).isEqualTo(completed);
        for (byte[] message : encoded.subList(0, encoded.size() - 1)) {
            assertThat(RecordsCodec.decodeAll(message)).allMatch(EnrichedRecord.class::isInstance);
        }
    }

    @Test
    void completionWithoutRecordsIsOneReportCompleted() {
        ReportCompleted completed = ReportCompleted.of(HEADER, 0, 0, List.of());
        byte[] encoded =
                RecordsCodec.encodeRecords(HEADER, List.of(), completed).get(0);
        assertThat(RecordsCodec.decode(encoded)).isEqualTo(completed);
    }

    @Test
    void versionOneSingleMessagesStillDecode() {
        EnrichedRecord record = records(1).get(0);
        String v1 = new String(RecordsCodec.encode(record), StandardCharsets.UTF_8)
                .replace("\"schema_version\":2", "\"schema_version\":1");
        RecordsMessage decoded = RecordsCodec.decode(v1.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).isInstanceOf(EnrichedRecord.class);
        assertThat(((EnrichedRecord) decoded).enrichment()).isEqualTo(record.enrichment());
        assertThat(RecordsCodec.decodeAll(v1.getBytes(StandardCharsets.UTF_8))).hasSize(1);
    }

    @Test
    void batchFromANewerSchemaIsRefused() {
        String json = new String(
                        RecordsCodec.encodeRecords(HEADER, records(1), null).get(0), StandardCharsets.UTF_8)
                .replace("\"schema_version\":2", "\"schema_version\":99");
        assertThatThrownBy(() -> RecordsCodec.decodeAll(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema_version 99");
    }

    @Test
    void malformedBatchIsRefusedAsNotARecordsMessage() {
        byte[] truncated = "{\"kind\":\"records\",\"schema_version\":2,\"records\":[{\"position\":1"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RecordsCodec.decodeAll(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a records message");
        byte[] headerless =
                "{\"kind\":\"records\",\"schema_version\":2,\"records\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RecordsCodec.decodeAll(headerless))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a report header");
    }

    @Test
    void aBadValueInARecordOrItsEnrichmentIsRefusedNamingIt() {
        String json =
                new String(RecordsCodec.encodeRecords(HEADER, records(1), null).get(0), StandardCharsets.UTF_8);
        String[][] bends = {
            {"\"classification\":\"", "\"classification\":\"great-"},
            {"\"checked_at\":\"", "\"checked_at\":\"yesterday "},
            {"\"count\":", "\"count\":\"many\",\"x\":"},
            {"\"dkim_keys\":[", "\"dkim_keys\":{\"a\":[]},\"y\":["},
        };
        for (String[] bend : bends) {
            assertThat(json).contains(bend[0]);
            byte[] bent = json.replaceFirst(java.util.regex.Pattern.quote(bend[0]), bend[1])
                    .getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> RecordsCodec.decodeAll(bent))
                    .as(bend[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a records message: ");
        }
    }

    @Test
    void aBatchHandedOverAsObjectsEncodesToTheSameMessagesForADeadLetter() {
        List<EnrichedRecord> records = records(3);
        ReportCompleted completed = ReportCompleted.of(HEADER, 3, 9, List.of());
        Envelope objects = Envelope.ofPayload("k", new RecordsBatch(HEADER, records, completed), java.util.Map.of());
        List<RecordsMessage> fromObjects = RecordsCodec.decodeAll(objects);
        List<RecordsMessage> fromBytes = RecordsCodec.decodeAll(RecordsCodec.bytesOf(objects));
        assertThat(fromObjects).hasSize(4).last().isEqualTo(completed);
        assertThat(fromBytes).hasSize(4);
        assertThat(((EnrichedRecord) fromBytes.get(2)).position()).isEqualTo(9);
        assertThat(RecordsCodec.bytesOf(Envelope.of("k", new byte[] {1}))).containsExactly(1);
    }
}
