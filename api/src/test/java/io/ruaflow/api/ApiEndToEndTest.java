package io.ruaflow.api;

import static io.ruaflow.store.testing.StoreTestData.Source.failing;
import static io.ruaflow.store.testing.StoreTestData.Source.passing;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ruaflow.enricher.Classification;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.enricher.RecordsMessage;
import io.ruaflow.ingest.StoreImport;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportParser;
import io.ruaflow.parser.ReportUid;
import io.ruaflow.samples.FailureSamples;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.samples.SampleWorld;
import io.ruaflow.samples.TlsSamples;
import io.ruaflow.samples.TruncatedReport;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.testing.StoreTestData;
import io.ruaflow.store.testing.StoreTestData.Source;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives every endpoint of a real {@link ApiServer} over a real store loaded with known data, and checks the
 * numbers. Subclasses choose the store.
 *
 * <p>Data, all for example.com unless said: in 2026-W46 (Nov 9..15) one report a day from google.com (192.0.2.1
 * aligned x100, 203.0.113.5 unauthorized x5, disposition reject) and one from Yahoo (192.0.2.1 x50, 198.51.100.20
 * misconfigured x2, quarantined); in 2026-W45 one google.com report a day (192.0.2.1 x90); other.example has one
 * report on Nov 10 (x10). The published policy is p=none.
 */
abstract class ApiEndToEndTest {
    static final Clock NOV_21 = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    static final LocalDate W46 = LocalDate.of(2026, 11, 9);
    static final String W46_RANGE = "from=2026-11-09&to=2026-11-15";

    @TempDir
    Path dir;

    ReportStore store;
    ApiServer server;
    Http http;

    private static final Enricher ENRICHER = Enricher.offline();
    private static final int CHUNK = 100;

    abstract ReportStore openStore(Path dir);

    @BeforeEach
    void load() {
        store = openStore(dir);
        store.write(knownData());
        server = ApiServer.start(
                ApiSettings.loopback(0),
                store,
                StoreUploadHandler.of(new StoreImport(new ReportParser(), ENRICHER, CHUNK, store)::ingest),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                NOV_21);
        http = new Http(server.port(), null);
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    static ReportHeader header(String org, String id, String domain, LocalDate day) {
        ReportHeader h = ReportBuilder.dayHeader(org, id, domain, day);
        PolicyPublished p = new PolicyPublished(domain, "none", null, null, "r", "r", 100, "0", null, null);
        return new ReportHeader(
                h.reportUid(),
                h.orgName(),
                h.orgEmail(),
                h.extraContactInfo(),
                h.reportId(),
                h.begin(),
                h.end(),
                h.errors(),
                h.generator(),
                h.schema(),
                p,
                h.source());
    }

    static List<RecordsMessage> knownData() {
        List<RecordsMessage> all = new ArrayList<>();
        Source misconfigured = failing("198.51.100.20", 2)
                .withClassification(Classification.MISCONFIGURED)
                .withDisposition("quarantine")
                .withEnrichment("mta.esp.example", "Some ESP", "pass", Instant.parse("2026-11-20T00:00:00Z"));
        for (int i = 0; i < 7; i++) {
            LocalDate day = W46.plusDays(i);
            all.addAll(StoreTestData.report(
                    header("google.com", "g46-" + i, "example.com", day),
                    passing("192.0.2.1", 100),
                    failing("203.0.113.5", 5)));
            all.addAll(StoreTestData.report(
                    header("Yahoo", "y46-" + i, "example.com", day), passing("192.0.2.1", 50), misconfigured));
            all.addAll(StoreTestData.report(
                    header("google.com", "g45-" + i, "example.com", day.minusDays(7)), passing("192.0.2.1", 90)));
        }
        all.addAll(StoreTestData.report(
                header("google.com", "o-1", "other.example", W46.plusDays(1)), passing("10.1.1.1", 10)));
        return all;
    }

    @Test
    void domainsListsVolumeAndPassRate() {
        JsonNode domains = Http.json(http.get("/api/domains?" + W46_RANGE));
        assertThat(domains).hasSize(2);
        assertThat(domains.get(0).path("domain").asText()).isEqualTo("example.com");
        assertThat(domains.get(0).path("messages").asLong()).isEqualTo(1099);
        assertThat(domains.get(0).path("dmarc_pass").asLong()).isEqualTo(1050);
        assertThat(domains.get(0).path("dmarc_pass_rate").asDouble())
                .isCloseTo(1050.0 / 1099, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(domains.get(1).path("domain").asText()).isEqualTo("other.example");
        assertThat(domains.get(1).path("messages").asLong()).isEqualTo(10);
        // the default range (30 days to Nov 21) holds both weeks
        assertThat(Http.json(http.get("/api/domains")).get(0).path("messages").asLong())
                .isEqualTo(1099 + 630);
        assertThat(http.get("/api/domains?" + W46_RANGE + "&format=csv").body())
                .startsWith("domain,messages,dmarc_pass,dmarc_pass_rate\r\nexample.com,1099,1050,");
    }

    @Test
    void summaryCountsEveryVerdictDispositionAndReporter() {
        JsonNode s = Http.json(http.get("/api/domains/Example.COM/summary?" + W46_RANGE));
        assertThat(s.path("reports").asLong()).isEqualTo(14);
        assertThat(s.path("messages").asLong()).isEqualTo(1099);
        assertThat(s.path("dmarc_pass").asLong()).isEqualTo(1050);
        assertThat(s.path("dmarc_fail").asLong()).isEqualTo(49);
        assertThat(s.path("spf_aligned").asLong()).isEqualTo(1050);
        assertThat(s.path("dkim_aligned").asLong()).isEqualTo(1050);
        assertThat(s.path("dispositions").path("none").asLong()).isEqualTo(1050);
        assertThat(s.path("dispositions").path("reject").asLong()).isEqualTo(35);
        assertThat(s.path("dispositions").path("quarantine").asLong()).isEqualTo(14);
        assertThat(s.path("reporters").get(0).path("org_name").asText()).isEqualTo("google.com");
        assertThat(s.path("reporters").get(0).path("messages").asLong()).isEqualTo(735);
        assertThat(s.path("reporters").get(1).path("messages").asLong()).isEqualTo(364);
    }

    @Test
    void sourcesAllAndFailingOnly() {
        JsonNode all = Http.json(http.get("/api/domains/example.com/sources?" + W46_RANGE));
        assertThat(all)
                .extracting(n -> n.path("source_ip").asText())
                .containsExactly("192.0.2.1", "203.0.113.5", "198.51.100.20");
        assertThat(all.get(0).path("messages").asLong()).isEqualTo(1050);
        JsonNode failingOnly = Http.json(http.get("/api/domains/example.com/sources?failing=true&" + W46_RANGE));
        assertThat(failingOnly)
                .extracting(n -> n.path("source_ip").asText())
                .containsExactly("203.0.113.5", "198.51.100.20");
        assertThat(failingOnly.get(0).path("dmarc_fail").asLong()).isEqualTo(35);
        assertThat(failingOnly.get(0).path("classification").asText()).isEqualTo("unauthorized");
        assertThat(failingOnly.get(1).path("classification").asText()).isEqualTo("misconfigured");
        assertThat(failingOnly.get(1).path("fresh_spf_result").asText()).isEqualTo("pass");
        assertThat(Http.json(http.get("/api/domains/example.com/sources?limit=1&" + W46_RANGE)))
                .hasSize(1);
        String csv = http.get("/api/domains/example.com/sources?failing=true&" + W46_RANGE, "Accept", "text/csv")
                .body();
        assertThat(csv.split("\r\n")).hasSize(3);
        // answers' SourceRow columns: ptr_confirmed, ptr_base_domain, partial, differs_from_reporter,
        // fresh_spf_mechanism and dkim_keys in words
        assertThat(csv)
                .contains(
                        "\r\n198.51.100.20,mta.esp.example,true,example.net,Some ESP,14,0,14,0,0,0,0,pass,"
                                + "ip4:198.51.100.20,DKIM selector s1 for example.com: key found (rsa 2048 bits),misconfigured,");
    }

    @Test
    void sourcesAreFilteredSearchedAndSorted() {
        String base = "/api/domains/example.com/sources?" + W46_RANGE;
        assertThat(ips(base + "&class=misconfigured")).containsExactly("198.51.100.20");
        assertThat(ips(base + "&class=Unauthorized")).containsExactly("203.0.113.5");
        assertThat(ips(base + "&service=some%20esp")).containsExactly("198.51.100.20");
        assertThat(ips(base + "&q=203.0.113")).containsExactly("203.0.113.5");
        assertThat(ips(base + "&q=MTA.ESP")).containsExactly("198.51.100.20");
        assertThat(ips(base + "&q=nothing-like-it")).isEmpty();
        assertThat(ips(base + "&sort=failures")).containsExactly("203.0.113.5", "198.51.100.20", "192.0.2.1");
        assertThat(ips(base + "&sort=failures&limit=1")).containsExactly("203.0.113.5");
        assertThat(ips(base + "&sort=volume")).containsExactly("192.0.2.1", "203.0.113.5", "198.51.100.20");
        // the reporter filter counts that reporter's volume only
        JsonNode yahoo = Http.json(http.get(base + "&reporter=Yahoo"));
        assertThat(yahoo).extracting(n -> n.path("source_ip").asText()).containsExactly("192.0.2.1", "198.51.100.20");
        assertThat(yahoo.get(0).path("messages").asLong()).isEqualTo(350);
        assertThat(ips(base + "&reporter=Yahoo&class=aligned")).containsExactly("192.0.2.1");
        assertThat(http.get(base + "&class=spam").statusCode()).isEqualTo(400);
        assertThat(Http.json(http.get(base + "&class=spam")).path("error").asText())
                .startsWith("class must be one of [aligned, forwarded, misconfigured, unauthorized]: spam");
        assertThat(Http.json(http.get(base + "&sort=random")).path("error").asText())
                .isEqualTo("sort must be volume or failures: random");
        assertThat(Http.json(http.get(base + "&q=" + "a".repeat(254)))
                        .path("error")
                        .asText())
                .startsWith("q must be at most 253 characters");
    }

    private List<String> ips(String path) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        List<String> ips = new ArrayList<>();
        Http.json(response).forEach(n -> ips.add(n.path("source_ip").asText()));
        return ips;
    }

    @Test
    void spanSaysWhereTheDataIsAndTheServersToday() {
        JsonNode all = Http.json(http.get("/api/span"));
        assertThat(all.path("first").asText()).isEqualTo("2026-11-02");
        assertThat(all.path("last").asText()).isEqualTo("2026-11-15");
        assertThat(all.path("today").asText()).isEqualTo("2026-11-21");
        JsonNode other = Http.json(http.get("/api/span?domain=Other.Example"));
        assertThat(other.path("first").asText()).isEqualTo("2026-11-10");
        assertThat(other.path("last").asText()).isEqualTo("2026-11-10");
        JsonNode none = Http.json(http.get("/api/span?domain=nosuch.example"));
        assertThat(none.path("first").isNull()).isTrue();
        assertThat(none.path("last").isNull()).isTrue();
        assertThat(http.get("/api/span?domain=not%20a%20domain").statusCode()).isEqualTo(400);
    }

    @Test
    void unicodeAndPunycodeDomainsAreOneDomain() {
        store.write(StoreTestData.report(
                header("google.com", "idn-1", "xn--bcher-kva.example", W46), passing("192.0.2.44", 40)));
        for (String name : List.of("xn--bcher-kva.example", "b%C3%BCcher.example", "B%C3%9CCHER.example")) {
            JsonNode summary = Http.json(http.get("/api/domains/" + name + "/summary?" + W46_RANGE));
            assertThat(summary.path("messages").asLong()).as(name).isEqualTo(40);
            assertThat(summary.path("domain").asText()).as(name).isEqualTo("xn--bcher-kva.example");
        }
        assertThat(Http.json(http.get("/api/reports?domain=b%C3%BCcher.example")))
                .hasSize(1);
    }

    @Test
    void timeseriesHasEveryDayOfTheRange() {
        JsonNode days = Http.json(http.get("/api/domains/example.com/timeseries?from=2026-11-08&to=2026-11-16"));
        assertThat(days).hasSize(9);
        assertThat(days.get(0).path("messages").asLong()).isEqualTo(90);
        for (int i = 1; i <= 7; i++) {
            assertThat(days.get(i).path("messages").asLong()).isEqualTo(157);
            assertThat(days.get(i).path("dmarc_pass").asLong()).isEqualTo(150);
            assertThat(days.get(i).path("dmarc_fail").asLong()).isEqualTo(7);
            assertThat(days.get(i).path("spf_aligned").asLong()).isEqualTo(150);
            assertThat(days.get(i).path("dkim_aligned").asLong()).isEqualTo(150);
        }
        assertThat(days.get(8).path("messages").asLong()).isZero();
        assertThat(http.get("/api/domains/example.com/timeseries?from=2026-11-09&to=2026-11-09&format=csv")
                        .body())
                .isEqualTo(
                        "day,messages,dmarc_pass,dmarc_fail,spf_aligned,dkim_aligned\r\n2026-11-09,157,150,7,150,150\r\n");
    }

    @Test
    void weeklyReportNumbersAndVerdict() {
        JsonNode w = Http.json(http.get("/api/domains/example.com/weekly?week=2026-W46"));
        assertThat(w.path("volume").path("messages").asLong()).isEqualTo(1099);
        assertThat(w.path("volume").path("previous_messages").asLong()).isEqualTo(630);
        assertThat(w.path("volume").path("change_percent").asDouble()).isEqualTo(74.4);
        assertThat(w.path("rates").path("dmarc_pass").asDouble())
                .isCloseTo(1050.0 / 1099, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(w.path("previous_rates").path("dmarc_pass").asDouble()).isEqualTo(1.0);
        assertThat(w.path("policy").path("p").asText()).isEqualTo("none");
        assertThat(w.path("failing_sources"))
                .extracting(n -> n.path("source_ip").asText())
                .containsExactly("203.0.113.5", "198.51.100.20");
        assertThat(w.path("failing_sources").get(1).path("reason").asText())
                .startsWith("SPF passes but does not align");
        assertThat(w.path("new_sources"))
                .extracting(n -> n.path("source_ip").asText())
                .containsExactlyInAnyOrder("203.0.113.5", "198.51.100.20");
        assertThat(w.path("reporters")).hasSize(2);
        assertThat(w.path("daily")).hasSize(7);
        assertThat(w.path("readiness").path("verdict").asText()).isEqualTo("ready");
        assertThat(w.path("readiness").path("summary").asText())
                .isEqualTo(
                        "98.7% of legitimate volume aligned, 2 weeks of data, remaining failing volume within the 2.0%"
                                + " allowance: ready for p=quarantine");
        String html = http.get("/api/domains/example.com/weekly?week=2026-W46&format=html")
                .body();
        assertThat(html).contains("<svg").contains("1,099").contains("203.0.113.5");
        assertThat(http.get("/api/domains/example.com/weekly?week=2026-W46&format=csv")
                        .body())
                .contains("messages,1099\r\n");
    }

    @Test
    void reportsListAndOneReport() {
        JsonNode reports = Http.json(http.get("/api/reports?domain=example.com&limit=500"));
        assertThat(reports).hasSize(21);
        assertThat(Http.json(http.get("/api/reports?limit=500"))).hasSize(22);
        String uid = ReportUid.of("Yahoo", "y46-3", "example.com");
        JsonNode one = Http.json(http.get("/api/reports/" + uid));
        assertThat(one.path("org_name").asText()).isEqualTo("Yahoo");
        assertThat(one.path("records").asLong()).isEqualTo(2);
        assertThat(one.path("messages").asLong()).isEqualTo(52);
        assertThat(one.path("begin").asText()).isEqualTo("2026-11-12T00:00:00Z");
        assertThat(http.get("/api/reports?domain=example.com&limit=2&format=csv")
                        .body()
                        .split("\r\n"))
                .hasSize(3);
    }

    @Test
    void truncatedUploadCountsNothingIsListedRejectedAndTheIntactReportCountsOnce() {
        TruncatedReport half = TruncatedReport.create();
        String range = "from=" + half.day() + "&to=" + half.day();
        String summary = "/api/domains/" + half.domain() + "/summary?" + range;

        HttpResponse<String> cut =
                http.post("/api/reports?filename=cut.xml.gz", BodyPublishers.ofByteArray(half.truncated()));
        assertThat(cut.statusCode()).as(cut.body()).isEqualTo(422);
        assertThat(Http.json(cut).path("error").asText()).startsWith("upload:cut.xml.gz: truncated");
        assertThat(Http.json(http.get(summary)).path("messages").asLong()).isZero();
        JsonNode listed = Http.json(http.get("/api/reports?domain=" + half.domain()));
        JsonNode rejected =
                listed.isArray() ? listed.get(0) : listed.path("reports").get(0);
        assertThat(rejected.path("status").asText()).isEqualTo("rejected");
        assertThat(rejected.path("rejection").asText()).startsWith("truncated");
        assertThat(rejected.path("records").asLong())
                .isBetween((long) TruncatedReport.RECORDS_SEEN_AT_LEAST, (long) TruncatedReport.WHOLE_RECORDS);
        assertThat(rejected.path("messages").asLong()).isZero();

        HttpResponse<String> intact =
                http.post("/api/reports?filename=intact.xml.gz", BodyPublishers.ofByteArray(half.intact()));
        assertThat(intact.statusCode()).as(intact.body()).isEqualTo(200);
        http.post("/api/reports?filename=intact-again.xml.gz", BodyPublishers.ofByteArray(half.intact()));
        assertThat(Http.json(http.get(summary)).path("messages").asLong()).isEqualTo(half.messages());
        JsonNode after = Http.json(http.get("/api/reports?domain=" + half.domain()));
        JsonNode complete =
                after.isArray() ? after.get(0) : after.path("reports").get(0);
        assertThat(complete.path("status").asText()).isEqualTo("complete");
        assertThat(complete.path("messages").asLong()).isEqualTo(half.messages());
    }

    static final String UPLOAD_XML =
            """
                <?xml version="1.0" encoding="UTF-8"?>
                <feedback>
                  <report_metadata><org_name>Upload Org</org_name><email>dmarc@upload.example</email>
                    <report_id>up-1</report_id><date_range><begin>1763337600</begin><end>1763423999</end></date_range>
                  </report_metadata>
                  <policy_published><domain>upload.example</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><pct>100</pct></policy_published>
                  <record><row><source_ip>192.0.2.77</source_ip><count>12</count>
                    <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
                    <identifiers><header_from>upload.example</header_from></identifiers>
                    <auth_results><dkim><domain>upload.example</domain><selector>s1</selector><result>pass</result></dkim>
                      <spf><domain>upload.example</domain><scope>mfrom</scope><result>pass</result></spf></auth_results>
                  </record>
                  <record><row><source_ip>203.0.113.99</source_ip><count>3</count>
                    <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
                    <identifiers><header_from>upload.example</header_from></identifiers>
                    <auth_results><spf><domain>spoof.example</domain><scope>mfrom</scope><result>fail</result></spf></auth_results>
                  </record>
                </feedback>
                """;

    @Test
    void uploadedReportIsParsedStoredAndCountedOnce() {
        String xml = UPLOAD_XML;
        HttpResponse<String> first = http.post("/api/reports?filename=up.xml", BodyPublishers.ofString(xml));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode report = Http.json(first).path("files").get(0).path("reports").get(0);
        String uid = ReportUid.of("Upload Org", "up-1", "upload.example");
        assertThat(report.path("report_uid").asText()).isEqualTo(uid);
        assertThat(report.path("records").asLong()).isEqualTo(2);
        assertThat(report.path("messages").asLong()).isEqualTo(15);
        assertThat(report.path("duplicate").asBoolean()).isFalse();

        HttpResponse<String> again = http.post("/api/reports?filename=up-again.xml", BodyPublishers.ofString(xml));
        assertThat(Http.json(again)
                        .path("files")
                        .get(0)
                        .path("reports")
                        .get(0)
                        .path("duplicate")
                        .asBoolean())
                .isTrue();

        JsonNode summary = Http.json(http.get("/api/domains/upload.example/summary?from=2025-11-17&to=2025-11-18"));
        assertThat(summary.path("messages").asLong()).isEqualTo(15);
        assertThat(summary.path("dmarc_pass").asLong()).isEqualTo(12);
        assertThat(Http.json(http.get("/api/reports/" + uid))
                        .path("source_file")
                        .asText())
                .isEqualTo("upload:up.xml");

        HttpResponse<String> junk =
                http.post("/api/reports?filename=junk.bin", BodyPublishers.ofString("not a report at all"));
        assertThat(junk.statusCode()).isEqualTo(422);
        assertThat(Http.json(junk).path("error").asText()).startsWith("upload:junk.bin: ");
    }

    @Test
    void uploadAnswerSaysTheKindAndDomainOfEachReport() {
        SampleWorld world = SampleWorld.fromSeed(21, 1);
        TlsSamples.Sample tls = TlsSamples.generate(world, 1, W46, W46).get(0);
        FailureSamples.Sample failure =
                FailureSamples.generate(world, 1, W46, W46).get(0);
        JsonNode aggregate = uploaded("up.xml", UPLOAD_XML.getBytes(StandardCharsets.UTF_8));
        assertThat(aggregate.path("kind").asText()).isEqualTo("aggregate");
        assertThat(aggregate.path("policy_domain").asText()).isEqualTo("upload.example");

        JsonNode tlsAnswer = uploaded(tls.fileName(), tls.mail());
        assertThat(tlsAnswer.path("kind").asText()).isEqualTo("smtp_tls");
        assertThat(tlsAnswer.path("policy_domain").asText()).isEqualTo(tls.domain());
        assertThat(tlsAnswer.path("org_name").asText()).isEqualTo(tls.organization());
        assertThat(tlsAnswer.path("report_id").asText()).isEqualTo(tls.reportId());
        assertThat(tlsAnswer.path("duplicate").asBoolean()).isFalse();

        JsonNode failureAnswer = uploaded(failure.fileName(), failure.mail().getBytes(StandardCharsets.UTF_8));
        assertThat(failureAnswer.path("kind").asText()).isEqualTo("failure");
        assertThat(failureAnswer.path("policy_domain").asText()).isEqualTo(failure.domain());
        assertThat(failureAnswer.path("duplicate").asBoolean()).isFalse();
        assertThat(uploaded(failure.fileName(), failure.mail().getBytes(StandardCharsets.UTF_8))
                        .path("duplicate")
                        .asBoolean())
                .isTrue();
    }

    /** The answer's one report for an upload of {@code body}. */
    private JsonNode uploaded(String name, byte[] body) {
        HttpResponse<String> answer = http.post("/api/reports?filename=" + name, BodyPublishers.ofByteArray(body));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode reports = Http.json(answer).path("files").get(0).path("reports");
        assertThat(reports).hasSize(1);
        return reports.get(0);
    }

    @Test
    void concurrentUploadsOfOneReportStoreItOnceAndTheOthersSayDuplicate() throws Exception {
        int uploads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                String name = "same-" + i + ".xml";
                answers.add(pool.submit(() -> {
                    start.await();
                    return http.post("/api/reports?filename=" + name, BodyPublishers.ofString(UPLOAD_XML));
                }));
            }
            start.countDown();
            int stored = 0;
            int duplicates = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode report =
                        Http.json(response).path("files").get(0).path("reports").get(0);
                if (report.path("duplicate").asBoolean()) {
                    duplicates++;
                } else {
                    stored++;
                }
            }
            assertThat(stored).isEqualTo(1);
            assertThat(duplicates).isEqualTo(uploads - 1);
        } finally {
            pool.shutdownNow();
        }
        JsonNode summary = Http.json(http.get("/api/domains/upload.example/summary?from=2025-11-17&to=2025-11-18"));
        assertThat(summary.path("messages").asLong()).isEqualTo(15);
    }

    @Test
    void unknownDomainAndReportAre404() {
        assertThat(http.get("/api/domains/nosuch.example/sources").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/domains/nosuch.example/timeseries").statusCode())
                .isEqualTo(404);
        assertThat(http.get("/api/reports/" + "0".repeat(32)).statusCode()).isEqualTo(404);
        assertThat(Http.json(http.get("/readyz")).path("status").asText()).isEqualTo("ready");
    }
}
