package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.ruaflow.parser.ReportJson;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link EnrichmentJson} writes and reads what the mapper writes and reads. */
class EnrichmentJsonTest {
    static Stream<Enrichment> enrichments() {
        List<Enrichment> all = new ArrayList<>();
        all.add(new Enrichment(
                null, null, false, false, false, false, null, null, List.of(), null, null, null, null, null, null, null,
                null));
        int n = 0;
        for (Classification classification : Classification.values()) {
            for (OrgDomainMethod method : OrgDomainMethod.values()) {
                List<DkimKeyCheck> keys = new ArrayList<>();
                for (DkimKeyStatus status : DkimKeyStatus.values()) {
                    keys.add(new DkimKeyCheck(
                            "example.com",
                            n % 2 == 0 ? "s" + n : null,
                            status,
                            "rsa",
                            n % 3 == 0 ? null : 512 * n,
                            n % 2 == 1));
                }
                all.add(new Enrichment(
                        "example.com",
                        "bounce.example.com",
                        n % 2 == 0,
                        n % 3 == 0,
                        n % 4 == 0,
                        n % 5 == 0,
                        "softfail",
                        "include:_spf.example.net \"quoted\"",
                        keys,
                        "mail-" + n + ".example.net",
                        n % 3 == 0 ? null : n % 2 == 0,
                        "example.net",
                        "Exämple Mail",
                        "esp",
                        classification,
                        Instant.ofEpochSecond(1_796_311_560L + n, n * 1_000_123),
                        method));
                n++;
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("enrichments")
    void writesWhatTheMapperWritesAndReadsItBack(Enrichment enrichment) throws IOException {
        String direct = write(enrichment);
        assertThat(direct).isEqualTo(ReportJson.mapper().writeValueAsString(enrichment));
        assertThat(read(direct)).isEqualTo(enrichment);
        assertThat(read(direct)).isEqualTo(ReportJson.mapper().readValue(direct, Enrichment.class));
    }

    @Test
    void skipsUnknownKeysAndReadsNull() throws IOException {
        String json = "{\"added_later\":[{\"a\":1}],\"dmarc_pass\":true,\"dkim_keys\":[{\"domain\":\"example.com\","
                + "\"status\":\"found\",\"key_bits\":\"2048\",\"problem\":true,\"new\":1}],\"checked_at\":"
                + "\"2026-12-03T17:14:38Z\",\"classification\":\"forwarded\"}";
        Enrichment expected = ReportJson.mapper().readValue(json, Enrichment.class);
        assertThat(read(json)).isEqualTo(expected);
        assertThat(expected.dkimKeys().get(0).keyBits()).isEqualTo(2048);
        assertThat(read("null")).isNull();
    }

    @Test
    void refusesWhatTheMapperRefuses() {
        for (String json : new String[] {
            "{\"classification\":\"great\"}",
            "{\"checked_at\":\"yesterday\"}",
            "{\"dkim_keys\":[{\"status\":\"lost\"}]}",
            "{\"dmarc_pass\":\"maybe\"}",
            "{\"dkim_keys\":{}}"
        }) {
            assertThatThrownBy(() -> ReportJson.mapper().readValue(json, Enrichment.class))
                    .as(json)
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> read(json)).as(json).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String write(Enrichment enrichment) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = ReportJson.mapper().getFactory().createGenerator(out)) {
            EnrichmentJson.write(json, enrichment);
        }
        return out.toString();
    }

    private static Enrichment read(String json) throws IOException {
        try (JsonParser parser = ReportJson.mapper().createParser(json)) {
            parser.nextToken();
            return EnrichmentJson.read(parser);
        }
    }
}
