package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.deploy.ImportQueryCommandTest.Result;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.samples.TlsReportBuilder;
import io.ruaflow.samples.ZoneDnsServer;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.ReporterVolume;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.StoredDomain;
import io.ruaflow.store.TlsSummary;
import io.ruaflow.store.testing.ClickHouseServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL query of the Grafana dashboard ({@code deploy/grafana/dashboards/ruaflow.json}), taken out of the JSON
 * with the ClickHouse plugin's macros expanded as the plugin expands them, runs on the real ClickHouse over demo
 * reports imported (and re-checked against the demo's DNS zone) by {@code ruaflow import}, and returns the numbers
 * the store's own queries give for the same domains and days: over the whole span and over a shorter window.
 */
class GrafanaPanelsTest {
    static final Path DASHBOARD = Path.of("grafana/dashboards/ruaflow.json");
    /** Demo reports imported: enough for every domain, failing and new sources, several reporters. */
    private static final int REPORTS = 60;

    private static final Pattern DATE_FILTER = Pattern.compile("\\$__dateFilter\\(([^()]*(?:\\([^()]*\\))?)\\)");

    private static String storeUrl;
    private static String database;
    private static ReportStore store;

    @BeforeAll
    static void importDemoReports() throws Exception {
        storeUrl = ClickHouseServer.shared().newDatabaseUrl();
        database = storeUrl.substring(storeUrl.lastIndexOf('/') + 1);
        Path demo = demoFolder();
        Path some = Files.createTempDirectory("ruaflow-grafana-");
        try (Stream<Path> files = Files.list(demo.resolve("reports"))) {
            for (Path report : files.sorted().limit(REPORTS).toList()) {
                Files.copy(report, some.resolve(report.getFileName()));
            }
        }
        try (ZoneDnsServer dns = ZoneDnsServer.fromMasterFile(demo.resolve("zone.txt"), 0)) {
            Result imported = ImportQueryCommandTest.run(
                    "import", some.toString(), "--store", storeUrl, "--dns", dns.hostAndPort());
            assertThat(imported.exit()).as(imported.err()).isZero();
        }
        store = ReportStores.open(storeUrl);
        // SMTP TLS reports for two of the demo domains, within the demo's days (the short window holds the first)
        LocalDate last = store.storedDomains().stream()
                .map(StoredDomain::lastDay)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        List<String> domains =
                store.storedDomains().stream().map(StoredDomain::domain).toList();
        Path tls = Files.createTempDirectory("ruaflow-grafana-tls-");
        writeTls(
                tls,
                "Google Inc.",
                "tls-1",
                domains.get(0),
                last.minusDays(4),
                900,
                List.of(
                        new TlsReportBuilder.Failure(
                                "certificate-expired", "209.85.220.41", "mx." + domains.get(0), null, 7),
                        new TlsReportBuilder.Failure(
                                "sts-policy-invalid", "209.85.220.42", "mx." + domains.get(0), null, 2)));
        writeTls(
                tls,
                "Microsoft Corporation",
                "tls-2",
                domains.get(0),
                last.minusDays(4),
                300,
                List.of(new TlsReportBuilder.Failure("certificate-expired", null, "mx." + domains.get(0), null, 5)));
        writeTls(
                tls,
                "Google Inc.",
                "tls-3",
                domains.get(1),
                last.minusDays(20),
                120,
                List.of(new TlsReportBuilder.Failure(
                        "starttls-not-supported", "209.85.220.43", "mx2." + domains.get(1), null, 11)));
        Result imported = ImportQueryCommandTest.run("import", tls.toString(), "--store", storeUrl, "--no-dns");
        assertThat(imported.exit()).as(imported.err()).isZero();
    }

    private static void writeTls(
            Path dir,
            String org,
            String id,
            String domain,
            LocalDate day,
            long ok,
            List<TlsReportBuilder.Failure> failures)
            throws IOException {
        Files.writeString(
                dir.resolve(org.replace(' ', '_') + "!" + domain + "!" + id + ".json"),
                TlsReportBuilder.json(org, id, domain, day, ok, failures, false));
    }

    @AfterAll
    static void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void everyPanelAnswersWhatTheStoreAnswersOverTheWholeSpan() throws Exception {
        List<StoredDomain> stored = store.storedDomains();
        LocalDate first = stored.stream()
                .map(StoredDomain::firstDay)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        LocalDate last = stored.stream()
                .map(StoredDomain::lastDay)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        checkEveryPanel(new DateRange(first, last), true);
    }

    @Test
    void everyPanelAnswersWhatTheStoreAnswersOverAShorterWindow() throws Exception {
        List<StoredDomain> stored = store.storedDomains();
        LocalDate last = stored.stream()
                .map(StoredDomain::lastDay)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        checkEveryPanel(new DateRange(last.minusDays(9), last.minusDays(2)), false);
    }

    @Test
    void theDomainVariableListsTheStoredDomains() throws Exception {
        JsonNode variable = dashboard().path("templating").path("list").get(0);
        assertThat(variable.path("name").asText()).isEqualTo("domain");
        List<String> listed = query(variable.path("query").asText()).stream()
                .map(row -> row.path("policy_domain").asText())
                .toList();
        assertThat(listed)
                .isEqualTo(store.storedDomains().stream()
                        .map(StoredDomain::domain)
                        .sorted()
                        .toList())
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void macrosAreExpandedAsThePluginDoes() {
        DateRange range = new DateRange(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 8));
        assertThat(expand(
                        "WHERE $__dateFilter(day) AND d IN (${domain:singlequote}) HAVING $__dateFilter(min(first_day))",
                        range,
                        List.of("a.example", "b.example")))
                .isEqualTo("WHERE day >= toDate('2026-11-02') AND day <= toDate('2026-11-08') AND d IN ('a.example',"
                        + "'b.example') HAVING min(first_day) >= toDate('2026-11-02') AND min(first_day) <="
                        + " toDate('2026-11-08')");
    }

    /** Runs every panel over {@code range} for every stored domain and compares it with the store's answers. */
    private void checkEveryPanel(DateRange range, boolean wholeSpan) throws Exception {
        List<String> domains =
                store.storedDomains().stream().map(StoredDomain::domain).toList();
        Map<String, DomainSummary> summaries = new LinkedHashMap<>();
        for (String domain : domains) {
            summaries.put(domain, store.summary(domain, range));
        }
        long messages =
                summaries.values().stream().mapToLong(DomainSummary::messages).sum();
        long pass =
                summaries.values().stream().mapToLong(DomainSummary::dmarcPass).sum();
        assertThat(messages).as("demo messages in " + range).isPositive();

        Set<String> checked = new LinkedHashSet<>();
        for (JsonNode panel : dashboard().path("panels")) {
            String title = panel.path("title").asText();
            String sql = panel.path("targets").get(0).path("rawSql").asText();
            List<JsonNode> rows = query(expand(sql, range, domains));
            switch (title) {
                case "Messages" -> {
                    assertThat(rows).hasSize(1);
                    assertThat(rows.get(0).path("messages").asLong()).isEqualTo(messages);
                }
                case "DMARC pass rate" -> {
                    assertThat(rows).hasSize(1);
                    assertThat(rows.get(0).path("pass_rate").asDouble())
                            .isCloseTo((double) pass / messages, within(1e-9));
                }
                case "Messages per domain", "DMARC pass rate per domain" -> {
                    Map<String, Double> expected = new TreeMap<>();
                    for (String domain : domains) {
                        for (DailyVolume day : store.timeseries(domain, range)) {
                            if (day.messages() > 0) {
                                expected.put(
                                        domain + " " + day.day(),
                                        title.startsWith("Messages")
                                                ? day.messages()
                                                : (double) day.dmarcPass() / day.messages());
                            }
                        }
                    }
                    String column = title.startsWith("Messages") ? "messages" : "pass_rate";
                    Map<String, Double> actual = new TreeMap<>();
                    for (JsonNode row : rows) {
                        actual.put(
                                row.path("domain").asText() + " "
                                        + row.path("time").asText().substring(0, 10),
                                row.path(column).asDouble());
                    }
                    assertThat(actual.keySet()).as(title).isEqualTo(expected.keySet());
                    expected.forEach((key, value) ->
                            assertThat(actual.get(key)).as(title + " " + key).isCloseTo(value, within(1e-9)));
                }
                case "Failing sources" -> {
                    List<String> expected = new ArrayList<>();
                    for (String domain : domains) {
                        for (SourceRow source :
                                store.sources(domain, range, new SourceQuery(true, false, false, 1000, null))) {
                            expected.add(domain + " " + source.sourceIp() + " " + source.messages() + " "
                                    + source.dmarcFail() + " " + source.ptrName() + " " + source.ptrConfirmed() + " "
                                    + source.service() + " " + source.classification());
                        }
                    }
                    List<String> actual = new ArrayList<>();
                    for (JsonNode row : rows) {
                        actual.add(row.path("domain").asText() + " "
                                + row.path("ip").asText() + " "
                                + row.path("messages").asLong() + " "
                                + row.path("failing").asLong() + " "
                                + text(row.path("ptr")) + " " + flag(row.path("ptr_confirmed")) + " "
                                + text(row.path("service")) + " "
                                + row.path("classification").asText());
                    }
                    assertThat(expected)
                            .as("failing sources in the demo")
                            .isNotEmpty()
                            .hasSizeLessThan(100);
                    if (wholeSpan) {
                        assertThat(expected)
                                .as("some failing source has a PTR name and a service")
                                .anyMatch(line -> !line.contains(" null "));
                    }
                    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
                }
                case "New sources" -> {
                    Map<String, Long> expected = new TreeMap<>();
                    for (String domain : domains) {
                        for (SourceRow source :
                                store.sources(domain, range, new SourceQuery(false, false, true, 1000, null))) {
                            expected.put(domain + " " + source.sourceIp(), source.messages());
                        }
                    }
                    Map<String, Long> actual = new TreeMap<>();
                    for (JsonNode row : rows) {
                        actual.put(
                                row.path("domain").asText() + " "
                                        + row.path("ip").asText(),
                                row.path("total_messages").asLong());
                    }
                    assertThat(expected).as("new sources in " + range).isNotEmpty();
                    assertThat(actual).isEqualTo(expected);
                }
                case "Reporters" -> {
                    Map<String, List<Long>> expected = new TreeMap<>();
                    for (DomainSummary summary : summaries.values()) {
                        for (ReporterVolume reporter : summary.reporters()) {
                            expected.merge(
                                    reporter.orgName(),
                                    List.of(reporter.reports(), reporter.messages()),
                                    (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
                        }
                    }
                    Map<String, List<Long>> actual = new TreeMap<>();
                    for (JsonNode row : rows) {
                        actual.put(
                                row.path("reporter").asText(),
                                List.of(
                                        row.path("reports").asLong(),
                                        row.path("total_messages").asLong()));
                    }
                    assertThat(expected).as("reporters in " + range).hasSizeGreaterThan(wholeSpan ? 2 : 0);
                    assertThat(actual).isEqualTo(expected);
                }
                case "TLS sessions per domain" -> {
                    Map<String, List<Long>> expected = new TreeMap<>();
                    for (String domain : domains) {
                        for (TlsSummary.Day day : store.tls(domain, range).days()) {
                            if (day.successfulSessions() + day.failedSessions() > 0) {
                                expected.put(
                                        domain + " " + day.day(),
                                        List.of(day.successfulSessions(), day.failedSessions()));
                            }
                        }
                    }
                    Map<String, List<Long>> actual = new TreeMap<>();
                    for (JsonNode row : rows) {
                        actual.put(
                                row.path("domain").asText() + " "
                                        + row.path("time").asText().substring(0, 10),
                                List.of(
                                        row.path("successful").asLong(),
                                        row.path("failed").asLong()));
                    }
                    assertThat(expected).as("TLS days in " + range).isNotEmpty();
                    assertThat(actual).isEqualTo(expected);
                }
                case "TLS failures" -> {
                    Map<String, Long> expected = new TreeMap<>();
                    for (String domain : domains) {
                        for (TlsSummary.ReceivingMx mx :
                                store.tls(domain, range).byReceivingMx()) {
                            expected.put(domain + " " + mx.receivingMx() + " " + mx.resultType(), mx.failedSessions());
                        }
                    }
                    Map<String, Long> actual = new TreeMap<>();
                    for (JsonNode row : rows) {
                        actual.put(
                                row.path("domain").asText() + " "
                                        + row.path("mx").asText() + " "
                                        + row.path("result_type").asText(),
                                row.path("failed_sessions").asLong());
                    }
                    assertThat(expected).as("TLS failures in " + range).isNotEmpty();
                    if (wholeSpan) {
                        assertThat(expected.values()).contains(12L, 11L); // certificate-expired 7 + 5; starttls 11
                    }
                    assertThat(actual).isEqualTo(expected);
                }
                default -> throw new AssertionError("panel '" + title + "' has no expectation in this test: add one");
            }
            checked.add(title);
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(9);
    }

    /**
     * The query as the grafana-clickhouse-datasource plugin sends it for {@code range} (its whole days, UTC) with
     * every domain chosen: {@code $__dateFilter(col)} becomes {@code col >= toDate('FROM') AND col <= toDate('TO')}
     * and {@code ${domain:singlequote}} the quoted list. Fails when a macro or variable is left over.
     */
    static String expand(String sql, DateRange range, List<String> domains) {
        Matcher filter = DATE_FILTER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (filter.find()) {
            String column = filter.group(1);
            filter.appendReplacement(
                    out,
                    Matcher.quoteReplacement(column + " >= toDate('" + range.from() + "') AND " + column
                            + " <= toDate('" + range.to() + "')"));
        }
        filter.appendTail(out);
        String expanded = out.toString()
                .replace(
                        "${domain:singlequote}",
                        domains.stream().map(d -> "'" + d + "'").collect(Collectors.joining(",")));
        assertThat(expanded).as("every macro and variable expanded").doesNotContain("$");
        return expanded;
    }

    static JsonNode dashboard() throws IOException {
        return ReportJson.mapper().readTree(Files.readString(DASHBOARD));
    }

    /** Runs a SELECT in the test database over HTTP, as the plugin does, and returns its rows. */
    private static List<JsonNode> query(String sql) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:"
                            + ClickHouseServer.shared().httpPort() + "/?database="
                            + URLEncoder.encode(database, StandardCharsets.UTF_8))
                    .toURL()
                    .openConnection();
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            c.getOutputStream().write((sql + " FORMAT JSONEachRow").getBytes(StandardCharsets.UTF_8));
            int status = c.getResponseCode();
            InputStream in = status == 200 ? c.getInputStream() : c.getErrorStream();
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(status).as(sql + "\n" + body).isEqualTo(200);
            List<JsonNode> rows = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (!line.isBlank()) {
                    rows.add(ReportJson.mapper().readTree(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() || value.asText().isEmpty() ? "null" : value.asText();
    }

    private static String flag(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "null" : Boolean.toString(value.asLong() == 1);
    }

    private static Path demoFolder() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("samples/demo/reports"))) {
            root = root.getParent();
        }
        assertThat(root).as("samples/demo/reports above the working directory").isNotNull();
        return root.resolve("samples/demo");
    }
}
