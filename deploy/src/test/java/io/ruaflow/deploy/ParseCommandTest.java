package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.parser.ReportUid;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParseCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    @Test
    void corpusReportIsPrintedAsOneJsonLineAndBadFileExitsOne() throws Exception {
        String shared = System.getProperty("ruaflow.shared.dir");
        assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "corpus")), "no shared corpus");
        Path report = Path.of(shared, "corpus", "aggregate", "mimecast-weird-gzip.eml");
        Path bad = Files.write(dir.resolve("bad.xml"), "<html>not a report</html>".getBytes());

        int status = run("parse", bad.toString(), report.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString().trim()).startsWith(bad + ": not a DMARC aggregate, SMTP TLS or failure report");
        assertThat(lines()).hasSize(1);
        JsonNode json = ReportJson.mapper().readTree(lines().get(0));
        assertThat(json.get("org_name").asText()).isEqualTo("Mimecast");
        assertThat(json.get("report_id").asText())
                .isEqualTo("157a5fe30ec76f4bc0d8bccfc96c118a167a1280fee7c7465af5115e73082e5e");
        assertThat(json.get("report_uid").asText())
                .isEqualTo(ReportUid.of("Mimecast", json.get("report_id").asText(), "ab.id.au"));
        assertThat(json.get("begin").asText()).isEqualTo("2023-08-30T00:00:00Z");
        assertThat(json.get("end").asText()).isEqualTo("2023-08-30T23:59:59Z");
        assertThat(json.get("schema").asText()).isEqualTo("draft");
        JsonNode policy = json.get("policy_published");
        assertThat(policy.get("domain").asText()).isEqualTo("ab.id.au");
        assertThat(policy.get("p").asText()).isEqualTo("reject");
        for (String key : List.of("sp", "np", "adkim", "aspf", "pct", "fo", "testing")) {
            assertThat(policy.has(key)).as(key).isTrue();
        }
        JsonNode record = json.get("records").get(0);
        assertThat(record.get("source_ip").asText()).isEqualTo("40.93.199.22");
        assertThat(record.get("count").asLong()).isEqualTo(1);
        for (String key :
                List.of("disposition", "dkim", "spf", "reasons", "envelope_to", "envelope_from", "header_from")) {
            assertThat(record.has(key)).as(key).isTrue();
        }
        assertThat(record.get("dkim_results").get(0).get("selector").asText()).isEqualTo("selector1");
        assertThat(record.get("dkim_results").get(0).has("human_result")).isTrue();
        assertThat(record.get("spf_results").get(0).get("result").asText()).isEqualTo("pass");
        assertThat(record.get("spf_results").get(0).has("scope")).isTrue();
        assertThat(json.get("warnings").toString()).contains("after the end of the gzip stream");
        assertThat(json.get("source").get("file").asText()).isEqualTo(report.toString());
        assertThat(json.get("source").get("sha256").asText())
                .isEqualTo(ReportUid.sha256Hex(Files.readAllBytes(report)));
    }

    @Test
    void everyReportOfEveryFileIsPrintedInOrder() throws Exception {
        Path a = Files.write(dir.resolve("a.xml"), report("a-1").getBytes());
        Path b = Files.write(dir.resolve("b.xml"), report("b-1").getBytes());

        assertThat(run("parse", a.toString(), b.toString())).isZero();

        assertThat(lines()).hasSize(2);
        assertThat(ReportJson.mapper().readTree(lines().get(0)).get("report_id").asText())
                .isEqualTo("a-1");
        assertThat(ReportJson.mapper().readTree(lines().get(1)).get("report_id").asText())
                .isEqualTo("b-1");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void missingFileIsNamedOnStderr() {
        Path missing = dir.resolve("nope.xml");
        assertThat(run("parse", missing.toString())).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo(missing + ": no such file");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void reportFailingHalfWayLeavesNoLine() throws Exception {
        String whole = report("cut-1");
        Path cut = Files.write(
                dir.resolve("cut.xml"),
                whole.substring(0, whole.indexOf("</record>")).getBytes());
        assertThat(run("parse", cut.toString())).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith(cut + ": malformed XML");
    }

    @Test
    void hugeReportFailingAfterStreamingStartedEndsItsLineWithTheError() throws Exception {
        String whole = report("big-1");
        int recordStart = whole.indexOf("<record>");
        int recordEnd = whole.indexOf("</record>") + "</record>".length();
        String record = whole.substring(recordStart, recordEnd);
        String big = whole.substring(0, recordStart) + record.repeat(45_000);
        Path cut = Files.write(dir.resolve("big.xml"), big.getBytes());

        assertThat(run("parse", cut.toString())).isEqualTo(1);

        assertThat(lines()).hasSize(1);
        JsonNode json = ReportJson.mapper().readTree(lines().get(0));
        assertThat(json.get("records").size()).isEqualTo(45_000);
        assertThat(json.get("error").asText()).startsWith("malformed XML");
        assertThat(err.toString()).startsWith(cut + ": malformed XML");
    }

    static String report(String id) {
        return """
                <?xml version="1.0"?>
                <feedback><version>1.0</version>
                  <report_metadata><org_name>example.net</org_name><email>d@example.net</email>
                    <report_id>%s</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range>
                  </report_metadata>
                  <policy_published><domain>example.com</domain><p>none</p></policy_published>
                  <record><row><source_ip>192.0.2.1</source_ip><count>1</count>
                    <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated>
                  </row><identifiers><header_from>example.com</header_from></identifiers>
                  <auth_results><spf><domain>example.com</domain><scope>mfrom</scope><result>pass</result></spf></auth_results>
                  </record>
                </feedback>
                """
                .formatted(id);
    }
}
