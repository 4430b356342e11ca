package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportQueryCommandTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine(args); // as Main builds it
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static Path corpus() {
        String shared = System.getProperty("ruaflow.shared.dir");
        Assumptions.assumeTrue(
                shared != null && Files.isDirectory(Path.of(shared, "corpus", "aggregate")),
                "the shared corpus (ruaflow.shared.dir) is not available");
        return Path.of(shared, "corpus", "aggregate");
    }

    @Test
    void importStoresReportsOnceAndQueryReadsThem() throws Exception {
        Path corpus = corpus();
        String store = "duckdb:" + dir.resolve("r.duckdb");
        Path notAReport = Files.writeString(dir.resolve("note.txt"), "hello");

        Result first = run("import", corpus.toString(), notAReport.toString(), "--store", store, "--no-dns");
        assertThat(first.exit()).as(first.err()).isEqualTo(1);
        assertThat(first.err()).contains("note.txt");
        assertThat(first.out()).containsPattern("reports stored, \\d+ records, \\d+ duplicates skipped, 1 rejected");
        assertThat(first.out()).doesNotContain(" 0 reports stored");

        Result again = run("import", corpus.toString(), "--store", store, "--no-dns");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains(" 0 reports stored, 0 records");

        Result domains = run(
                "query", "domains", "--store", store, "--from", "2024-01-01", "--to", "2024-12-31", "--format", "csv");
        assertThat(domains.exit()).as(domains.err()).isZero();
        assertThat(domains.out()).startsWith("domain,messages,dmarc_pass,dmarc_pass_rate\r\n");
        assertThat(domains.out().lines().count()).isGreaterThan(1);
        String domain = domains.out().lines().skip(1).findFirst().orElseThrow().split(",")[0];

        Result sources = run(
                "query",
                "sources",
                "--store",
                store,
                "--domain",
                domain.toUpperCase(),
                "--from",
                "2024-01-01",
                "--to",
                "2024-12-31",
                "--failing",
                "--limit",
                "2",
                "--format",
                "json");
        assertThat(sources.exit()).as(sources.err()).isZero();
        assertThat(sources.out()).contains("\"source_ip\"");

        Result series = run(
                "query",
                "timeseries",
                "--store",
                store,
                "--domain",
                domain,
                "--from",
                "2024-01-01",
                "--to",
                "2024-01-03");
        assertThat(series.out().lines()).hasSize(5);
    }

    @Test
    void unicodeDomainIsAcceptedAndShownAsUnicode() throws Exception {
        String store = "duckdb:" + dir.resolve("idn.duckdb");
        Path report = Files.writeString(
                dir.resolve("idn.xml"),
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <feedback>
                  <report_metadata><org_name>google.com</org_name><email>noreply-dmarc-support@google.com</email>
                    <report_id>idn-1</report_id><date_range><begin>1794873600</begin><end>1794959999</end></date_range>
                  </report_metadata>
                  <policy_published><domain>xn--bcher-kva.example</domain><p>none</p></policy_published>
                  <record><row><source_ip>192.0.2.7</source_ip><count>9</count>
                    <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
                    <identifiers><header_from>xn--bcher-kva.example</header_from></identifiers>
                    <auth_results><dkim><domain>xn--bcher-kva.example</domain><selector>s1</selector><result>pass</result></dkim>
                      <spf><domain>xn--bcher-kva.example</domain><scope>mfrom</scope><result>pass</result></spf></auth_results>
                  </record>
                </feedback>
                """);
        Result imported = run("import", report.toString(), "--store", store, "--no-dns");
        assertThat(imported.exit()).as(imported.err()).isZero();

        for (String typed : new String[] {"bücher.example", "BÜCHER.example", "xn--bcher-kva.example"}) {
            Result summary = run(
                    "query",
                    "summary",
                    "--store",
                    store,
                    "--domain",
                    typed,
                    "--from",
                    "2026-11-17",
                    "--to",
                    "2026-11-17");
            assertThat(summary.exit()).as(summary.err()).isZero();
            assertThat(summary.out()).as(typed).contains("bücher.example").containsPattern("messages\s+9");
        }
        Result domains = run("query", "domains", "--store", store, "--from", "2026-11-17", "--to", "2026-11-17");
        assertThat(domains.out()).contains("bücher.example").doesNotContain("xn--");
    }

    @Test
    void tlsReportsAreImportedOnceAndQueriedPerDomain() {
        Path tls = corpus().resolveSibling("smtp_tls");
        String store = "duckdb:" + dir.resolve("t.duckdb");
        Result first = run("import", tls.toString(), "--store", store, "--no-dns");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("4 files: 4 reports stored, 0 records, 0 duplicates skipped, 0 rejected");
        Result again = run("import", tls.toString(), "--store", store, "--no-dns");
        assertThat(again.out()).contains("4 files: 0 reports stored, 0 records, 4 duplicates skipped, 0 rejected");

        Result query = run(
                "query",
                "tls",
                "--domain",
                "Example.com",
                "--store",
                store,
                "--from",
                "2024-01-09",
                "--to",
                "2024-01-09",
                "--format",
                "csv");
        assertThat(query.exit()).as(query.err()).isZero();
        assertThat(query.out().lines().toList())
                .containsExactly(
                        "section,key,successful_sessions,failed_sessions",
                        "total,example.com,0,3",
                        "day,2024-01-09,0,3",
                        "result_type,validation-failure,,3",
                        "receiving_mx,example.com validation-failure,,3",
                        "reporter,Example Inc. (1 report),0,3");

        // all time: from the domain's first TLS report, though it has no aggregate report here
        Result allTime =
                run("query", "tls", "--domain", "example.com", "--store", store, "--from", "all", "--format", "csv");
        assertThat(allTime.exit()).as(allTime.err()).isZero();
        assertThat(allTime.out().lines().toList())
                .contains("day,2024-01-09,0,3")
                .anyMatch(line -> line.startsWith("total,example.com,") && !line.endsWith(",0,0"));

        Result none = run(
                "query",
                "tls",
                "--domain",
                "example.com",
                "--store",
                store,
                "--from",
                "2025-01-01",
                "--to",
                "2025-01-01");
        assertThat(none.exit()).isZero();
        assertThat(none.err()).contains("no SMTP TLS sessions reported for example.com from 2025-01-01 to 2025-01-01");
    }

    @Test
    void queryNeedsADomainForPerDomainQuestions() {
        Result result = run("query", "summary", "--store", "duckdb:" + dir.resolve("r.duckdb"));
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("needs --domain");
    }

    @Test
    void badStoreUrlIsNamed() {
        Result result = run("query", "domains", "--store", "postgres://db/x");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("postgres://db/x");
    }

    @Test
    void benchStoreWritesAndQueries() {
        Result result = run(
                "bench",
                "store",
                "--store",
                "duckdb:" + dir.resolve("b.duckdb"),
                "--records",
                "2000",
                "--domains",
                "3",
                "--runs",
                "3");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("insert: 2,000 records").contains("query sources --failing");
    }
}
