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

/** {@link ReportJson#writeRecord} and the header writers write what the mapper writes, for every shape of value. */
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

    static Stream<PolicyPublished> policies() {
        return Stream.of(
                new PolicyPublished("example.com", "reject", "quarantine", "none", "s", "r", 100, "1", "y", "psl"),
                new PolicyPublished("example.com", null, null, null, null, null, null, null, null, null),
                new PolicyPublished(
                        "b\u00fccher.example", "none", null, null, "r", "r", 0, "0:1:d:s", null, "treewalk"));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void writesPolicyPublishedAsTheMapperDoes(PolicyPublished policy) throws IOException {
        assertThat(written(json -> ReportJson.writePolicyPublished(json, policy)))
                .isEqualTo(ReportJson.mapper().writeValueAsString(policy));
    }

    @Test
    void writesSourcesStringsAndNullsAsTheMapperDoes() throws IOException {
        for (ReportSource source : List.of(
                new ReportSource(
                        "inbox/42 \"report\".xml", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                new ReportSource(null, null))) {
            assertThat(written(json -> ReportJson.writeSource(json, source)))
                    .isEqualTo(ReportJson.mapper().writeValueAsString(source));
        }
        List<String> strings = java.util.Arrays.asList("a \"quoted\" warning", "\u2028line", null, "");
        assertThat(written(json -> ReportJson.writeStrings(json, strings)))
                .isEqualTo(ReportJson.mapper().writeValueAsString(strings));
        assertThat(written(json -> ReportJson.writeStrings(json, List.of()))).isEqualTo("[]");
        assertThat(written(json -> ReportJson.writePolicyPublished(json, null))).isEqualTo("null");
        assertThat(written(json -> ReportJson.writeSource(json, null))).isEqualTo("null");
    }

    @Test
    void writesTheHeadersOfEveryCorpusReportAsTheMapperDoes() throws Exception {
        Path corpus = CorpusTest.corpusDir();
        List<ReportHeader> headers = new ArrayList<>();
        List<List<String>> warnings = new ArrayList<>();
        ReportParser parser = new ReportParser();
        try (Stream<Path> files = Files.walk(corpus.resolve("aggregate"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try {
                    parser.parseAll(ReportInput.ofFile(file)).forEach(report -> {
                        headers.add(report.header());
                        warnings.add(report.warnings());
                    });
                } catch (ReportRejectedException e) {
                    // refused files have no header to write
                }
            }
        }
        assertThat(headers).hasSizeGreaterThan(10);
        for (ReportHeader header : headers) {
            assertThat(written(json -> ReportJson.writePolicyPublished(json, header.policyPublished())))
                    .isEqualTo(ReportJson.mapper().writeValueAsString(header.policyPublished()));
            assertThat(written(json -> ReportJson.writeSource(json, header.source())))
                    .isEqualTo(ReportJson.mapper().writeValueAsString(header.source()));
            assertThat(written(json -> ReportJson.writeStrings(json, header.errors())))
                    .isEqualTo(ReportJson.mapper().writeValueAsString(header.errors()));
        }
        for (List<String> w : warnings) {
            assertThat(written(json -> ReportJson.writeStrings(json, w)))
                    .isEqualTo(ReportJson.mapper().writeValueAsString(w));
        }
    }

    private interface Writing {
        void write(JsonGenerator json) throws IOException;
    }

    private static String written(Writing writing) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = ReportJson.generator(out)) {
            writing.write(json);
        }
        return out.toString();
    }

    private static String direct(ReportRecord record) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = ReportJson.mapper().getFactory().createGenerator(out)) {
            ReportJson.writeRecord(json, record);
        }
        return out.toString();
    }
}
