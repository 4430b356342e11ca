package io.ruaflow.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every file of the shared real-world corpus parses to what MANIFEST.json says (runs only when ../shared exists). */
class CorpusTest {
    private final ReportParser parser = new ReportParser();

    @TestFactory
    Stream<DynamicTest> everyManifestEntryParsesAsListed() throws IOException {
        Path corpus = corpusDir();
        JsonNode manifest =
                ReportJson.mapper().readTree(corpus.resolve("MANIFEST.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Path file = corpus.resolve(entry.getKey());
            tests.add(DynamicTest.dynamicTest(entry.getKey(), () -> check(file, entry.getValue())));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(20);
        return tests.stream();
    }

    private void check(Path file, JsonNode expected) throws Exception {
        ReportInput input = ReportInput.ofFile(file);
        if (expected.has("note")) {
            String note = expected.get("note").asText();
            if (note.startsWith("zero bytes")) {
                assertThatThrownBy(() -> parser.parseAll(input))
                        .isInstanceOf(ReportRejectedException.class)
                        .hasMessageContaining(file.toString())
                        .hasMessageContaining("empty");
            } else {
                // invalid_xml.xml: recovered with a warning.
                List<Report> reports = parser.parseAll(input);
                assertThat(reports).hasSize(1);
                Report report = reports.get(0);
                assertThat(report.header().orgName()).isEqualTo("veeam.com");
                assertThat(report.header().reportId()).isEqualTo("sonexushealth.com:1530233361");
                assertThat(report.records()).hasSize(1);
                assertThat(report.messageCount()).isEqualTo(1);
                assertThat(report.warnings()).anyMatch(w -> w.contains("unescaped '<'"));
            }
            return;
        }
        List<Report> reports = parser.parseAll(input);
        assertThat(reports).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = expected.get(i);
            Report report = reports.get(i);
            ReportHeader header = report.header();
            assertThat(header.reportId()).isEqualTo(want.get("report_id").asText());
            assertThat(header.policyPublished().domain())
                    .isEqualTo(want.get("policy_domain").asText());
            assertThat(header.policyPublished().p()).isEqualTo(want.get("p").asText());
            assertThat(header.begin().getEpochSecond())
                    .isEqualTo(want.get("begin").asLong());
            assertThat(header.end().getEpochSecond()).isEqualTo(want.get("end").asLong());
            assertThat(report.records()).hasSize(want.get("records").asInt());
            assertThat(report.messageCount()).isEqualTo(want.get("messages").asLong());
            if (!want.get("org_name").isNull()) {
                assertThat(header.orgName()).isEqualTo(want.get("org_name").asText());
            } else {
                assertThat(header.orgName()).isNotBlank();
            }
            TreeSet<String> wantIps = new TreeSet<>();
            want.get("source_ips").forEach(ip -> wantIps.add(ip.asText()));
            TreeSet<String> gotIps = new TreeSet<>();
            report.records().forEach(r -> gotIps.add(r.sourceIp()));
            assertThat(gotIps).isEqualTo(wantIps);
            assertThat(header.source().file()).isEqualTo(file.toString());
            assertThat(header.source().sha256()).hasSize(64);
            assertThat(header.reportUid())
                    .isEqualTo(ReportUid.of(
                            header.orgName(),
                            header.reportId(),
                            header.policyPublished().domain()));
            if (want.hasNonNull("namespace") && want.get("namespace").asText().contains("dmarc-2.0")) {
                assertThat(header.schema()).isEqualTo(ReportSchema.RFC9990);
            }
        }
    }

    static Path corpusDir() {
        String shared = System.getProperty("ruaflow.shared.dir");
        assumeTrue(shared != null, "ruaflow.shared.dir is not set");
        Path corpus = Path.of(shared, "corpus");
        assumeTrue(Files.isRegularFile(corpus.resolve("MANIFEST.json")), "no shared corpus at " + corpus);
        return corpus;
    }
}
