package io.ruaflow.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ReportJson#writeRecord} writes what the mapper writes, for every shape of record. */
class ReportJsonTest {
    static Stream<ReportRecord> records() {
        DkimAuthResult dkim = new DkimAuthResult("example.com", "s1", "pass", null);
        SpfAuthResult spf = new SpfAuthResult("example.com", "mfrom", "pass", null);
        return Stream.of(
                new ReportRecord(
                        "192.0.2.1",
                        1,
                        "none",
                        "pass",
                        "pass",
                        List.of(),
                        null,
                        "example.com",
                        "example.com",
                        List.of(dkim),
                        List.of(spf)),
                // every nullable value null, every list empty
                new ReportRecord("2001:db8::1", 0, null, null, null, List.of(), null, null, null, List.of(), List.of()),
                // several of everything, and text that JSON must escape
                new ReportRecord(
                        "198.51.100.7",
                        Long.MAX_VALUE,
                        "quarantine",
                        "fail",
                        "softfail",
                        List.of(
                                new OverrideReason("local_policy", "arc=pass \"as=1\" \\ back"),
                                new OverrideReason("forwarded", null),
                                new OverrideReason(
                                        "other", "tab\there\nnew line \u0001 ctl \u00e9 \u4e2d \ud83d\ude00")),
                        "",
                        "",
                        "exämple.org",
                        List.of(dkim, new DkimAuthResult(null, null, "none", "no key"), dkim),
                        List.of(spf, new SpfAuthResult("helo.example.net", null, "temperror", "</script>"))));
    }

    @ParameterizedTest
    @MethodSource("records")
    void writesWhatTheMapperWrites(ReportRecord record) throws IOException {
        assertThat(direct(record)).isEqualTo(ReportJson.mapper().writeValueAsString(record));
    }

    @ParameterizedTest
    @MethodSource("records")
    void readsWhatItWrites(ReportRecord record) throws IOException {
        assertThat(read(direct(record))).isEqualTo(record);
    }

    @Test
    void readsAsTheMapperReads() throws IOException {
        // unknown keys (a newer writer), a number as text, scalars where text is expected, keys in another order
        String json = "{\"spf_results\":[],\"added_later\":{\"x\":[1,2]},\"count\":\"12\",\"source_ip\":\"192.0.2.1\","
                + "\"disposition\":5,\"dkim\":true,\"reasons\":[{\"type\":\"other\",\"extra\":null}],"
                + "\"dkim_results\":[{\"domain\":\"example.com\",\"result\":\"pass\"}]}";
        ReportRecord expected = ReportJson.mapper().readValue(json, ReportRecord.class);
        assertThat(read(json)).isEqualTo(expected);
        assertThat(expected.count()).isEqualTo(12);
        assertThat(read("null")).isNull();
    }

    @Test
    void refusesWhatTheMapperRefuses() {
        for (String json : new String[] {
            "{\"count\":\"many\"}", "{\"source_ip\":[\"a\"]}", "{\"reasons\":\"none\"}", "{\"count\":{}}", "[1]"
        }) {
            assertThatThrownBy(() -> ReportJson.mapper().readValue(json, ReportRecord.class))
                    .as(json)
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> read(json)).as(json).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static ReportRecord read(String json) throws IOException {
        try (JsonParser parser = ReportJson.mapper().createParser(json)) {
            parser.nextToken();
            return ReportJson.readRecord(parser);
        }
    }

    @Test
    void writesWhatTheMapperWritesForEveryCorpusRecord() throws Exception {
        Path corpus = CorpusTest.corpusDir();
        List<ReportRecord> all = new ArrayList<>();
        ReportParser parser = new ReportParser();
        try (Stream<Path> files = Files.walk(corpus.resolve("aggregate"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try {
                    parser.parseAll(ReportInput.ofFile(file)).forEach(report -> all.addAll(report.records()));
                } catch (ReportRejectedException e) {
                    // refused files have no records to write
                }
            }
        }
        assertThat(all).hasSizeGreaterThan(20);
        for (ReportRecord record : all) {
            assertThat(direct(record)).isEqualTo(ReportJson.mapper().writeValueAsString(record));
            assertThat(read(direct(record))).isEqualTo(record);
        }
    }

    private static String direct(ReportRecord record) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = ReportJson.mapper().getFactory().createGenerator(out)) {
            ReportJson.writeRecord(json, record);
        }
        return out.toString();
    }
}
