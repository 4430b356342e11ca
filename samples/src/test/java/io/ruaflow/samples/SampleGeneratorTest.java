package io.ruaflow.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.SpfAuthResult;
import io.ruaflow.samples.SampleWorld.Sender;
import io.ruaflow.samples.SampleWorld.SenderKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SampleGeneratorTest {
    static final SampleOptions SIX_WEEKS =
            new SampleOptions(200, 24, 4, LocalDate.of(2026, 10, 5), LocalDate.of(2026, 11, 15));

    @Test
    void sameSeedAndOptionsWriteIdenticalFilesInAnyTimeZone(@TempDir Path tmp) throws Exception {
        SampleOptions options = SIX_WEEKS.withReports(60).withRecordsPerReport(8);
        SampleGenerator.fromSeed(7, options).writeSampleSet(tmp.resolve("a"));
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            SampleGenerator.fromSeed(7, options).writeSampleSet(tmp.resolve("b"));
        } finally {
            TimeZone.setDefault(original);
        }
        List<Path> a = list(tmp.resolve("a"));
        assertThat(a).hasSize(61);
        assertThat(a).isEqualTo(list(tmp.resolve("b")));
        for (Path relative : a) {
            assertThat(tmp.resolve("b").resolve(relative))
                    .as(relative.toString())
                    .hasSameBinaryContentAs(tmp.resolve("a").resolve(relative));
        }
    }

    @Test
    void differentSeedsGiveDifferentReports() {
        SampleOptions options = SIX_WEEKS.withReports(5);
        byte[] one = firstReportXml(SampleGenerator.fromSeed(1, options));
        byte[] two = firstReportXml(SampleGenerator.fromSeed(2, options));
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void planHonoursTheOptionsAndMixesReportersAndPackagings() {
        SampleGenerator generator = SampleGenerator.fromSeed(3, SIX_WEEKS);
        List<SampleReport> reports = generator.reports();
        assertThat(reports).hasSize(200);
        Instant first = SIX_WEEKS.from().atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant last = SIX_WEEKS.to().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Set<String> domains = new HashSet<>();
        Set<ReporterStyle> styles = EnumSet.noneOf(ReporterStyle.class);
        Set<Packaging> packagings = EnumSet.noneOf(Packaging.class);
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (SampleReport r : reports) {
            assertThat(r.begin()).isAfterOrEqualTo(first);
            assertThat(r.end()).isBefore(last).isAfter(r.begin());
            assertThat(r.recordCount()).isEqualTo(24);
            domains.add(r.policy().domain());
            styles.add(r.reporter());
            packagings.add(r.packaging());
            assertThat(ids.add(r.reportId()))
                    .as("unique report id " + r.reportId())
                    .isTrue();
            assertThat(names.add(r.fileName()))
                    .as("unique file " + r.fileName())
                    .isTrue();
        }
        assertThat(domains)
                .containsExactlyInAnyOrder(
                        "example-shop.com", "news.example.org", "example-bakery.co.uk", "xn--bcherstube-9db.de");
        assertThat(styles).containsExactlyInAnyOrder(ReporterStyle.values());
        assertThat(packagings).containsExactlyInAnyOrder(Packaging.values());
        assertThat(reports).isSortedAccordingTo((x, y) -> x.begin().compareTo(y.begin()));
    }

    @Test
    void moreReportsThanDailySlotsSplitTheDays() {
        SampleOptions options = new SampleOptions(40, 2, 1, LocalDate.of(2026, 11, 15), LocalDate.of(2026, 11, 15));
        List<SampleReport> reports = SampleGenerator.fromSeed(1, options).reports();
        assertThat(reports).hasSize(40);
        assertThat(reports)
                .allSatisfy(r -> assertThat(r.end().getEpochSecond() - r.begin().getEpochSecond())
                        .isLessThan(86_399));
    }

    @Test
    void optionsOutOfRangeAreRefusedWithTheLimit() {
        assertThatThrownBy(() -> SampleOptions.defaults().withDomains(25))
                .hasMessageContaining("MAX_DOMAINS=24")
                .hasMessageContaining("25");
        assertThatThrownBy(() -> SampleOptions.defaults().withRecordsPerReport(0))
                .hasMessageContaining("0");
        assertThatThrownBy(() -> SampleOptions.defaults().withDates(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 1, 1)))
                .hasMessageContaining("2026-02-01 to 2026-01-01");
    }

    static Stream<Arguments> stylesAndPackagings() {
        List<Arguments> all = new ArrayList<>();
        for (ReporterStyle style : ReporterStyle.values()) {
            for (Packaging packaging : Packaging.values()) all.add(Arguments.of(style, packaging));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("stylesAndPackagings")
    void everyReporterAndPackagingGivesAWellFormedReport(ReporterStyle style, Packaging packaging) throws Exception {
        SampleGenerator generator = SampleGenerator.fromSeed(11, SIX_WEEKS);
        SampleReport report = generator.reports().stream()
                .filter(r -> r.reporter() == style)
                .findFirst()
                .orElseThrow()
                .withPackaging(packaging);
        Unpacked unpacked = Unpacked.of(generator.bytes(report));
        Document doc = unpacked.document();
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("feedback");
        String expectedNs =
                switch (style) {
                    case RFC9990, GMX, WEB_DE -> "urn:ietf:params:xml:ns:dmarc-2.0";
                    case MIMECAST -> "http://dmarc.org/dmarc-xml/0.1";
                    default -> null;
                };
        assertThat(root.getNamespaceURI()).isEqualTo(expectedNs);
        assertThat(text(doc, "report_id")).isEqualTo(report.reportId());
        assertThat(text(doc, "org_name")).isEqualTo(style.orgName());
        assertThat(text(doc, "begin")).isEqualTo(Long.toString(report.begin().getEpochSecond()));
        assertThat(text(doc, "domain")).isEqualTo(report.policy().domain());
        NodeList records = doc.getElementsByTagNameNS("*", "record");
        assertThat(records.getLength()).isEqualTo(report.recordCount());
        long messages = 0;
        NodeList counts = doc.getElementsByTagNameNS("*", "count");
        for (int i = 0; i < counts.getLength(); i++)
            messages += Long.parseLong(counts.item(i).getTextContent());
        assertThat(messages).isEqualTo(messagesOf(generator, report));
        if (style.rfc9990()) {
            assertThat(count(doc, "pct")).isZero();
            assertThat(count(doc, "generator")).isEqualTo(1);
            assertThat(count(doc, "testing")).isEqualTo(1);
            assertThat(text(doc, "discovery_method")).isEqualTo("psl");
            for (int i = 0; i < records.getLength(); i++) {
                assertThat(((Element) records.item(i))
                                .getElementsByTagNameNS("*", "spf")
                                .getLength())
                        .isLessThanOrEqualTo(2); // policy_evaluated/spf and at most one auth result
            }
        } else {
            assertThat(count(doc, "pct")).isEqualTo(1);
            assertThat(count(doc, "generator")
                            + count(doc, "testing")
                            + count(doc, "np")
                            + count(doc, "discovery_method"))
                    .isZero();
        }
        switch (packaging) {
            case ZIP -> assertThat(unpacked.zipEntryName).isEqualTo(report.stem() + ".xml");
            case EML -> {
                assertThat(unpacked.mailHeaders.get("Subject"))
                        .startsWith("Report domain: " + report.policy().domain() + " Submitter: " + style.submitter()
                                + " Report-ID: ")
                        .contains(report.reportId());
                assertThat(unpacked.attachmentContentType)
                        .isEqualTo(style.zips() ? "application/zip" : "application/gzip");
                assertThat(unpacked.mailHeaders).containsKeys("From", "To", "Date", "Message-ID", "MIME-Version");
            }
            default -> {}
        }
    }

    @Test
    void mailsUseCrlfAndShortLines() {
        SampleGenerator generator = SampleGenerator.fromSeed(5, SIX_WEEKS.withReports(10));
        SampleReport report = generator.reports().get(0).withPackaging(Packaging.EML);
        String mail = new String(generator.bytes(report), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(mail.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(mail.split("\r\n"))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThat(mail).endsWith("\r\n");
    }

    @Test
    void fileNamesFollowEachReportersConvention() {
        for (SampleReport r : SampleGenerator.fromSeed(3, SIX_WEEKS).reports()) {
            assertThat(r.fileName())
                    .matches("(google\\.com|enterprise\\.protection\\.outlook\\.com|yahoo\\.com|aol\\.com"
                            + "|mimecast\\.org|mail\\.ru|yandex\\.ru|gmx\\.net|web\\.de|esa1\\.example\\.iphmx\\.com"
                            + "|amazonses\\.com|fastmail\\.com|mail\\.receiver\\.example)"
                            + "![a-z0-9.-]+![0-9]{10}![0-9]{10}(![0-9]+)?\\.(xml|xml\\.gz|zip|eml)");
            if (r.reporter() == ReporterStyle.GOOGLE) assertThat(r.fileName()).doesNotEndWith(".xml.gz");
            if (r.reporter() == ReporterStyle.MICROSOFT)
                assertThat(r.fileName()).matches(".*\\.(xml\\.gz|eml)");
        }
    }

    @Test
    void newcomersAppearOnlyInTheLastWeek() {
        SampleGenerator generator = SampleGenerator.fromSeed(46, SIX_WEEKS);
        Instant lastWeek = SIX_WEEKS.to().minusDays(6).atStartOfDay().toInstant(ZoneOffset.UTC);
        Set<String> newcomers = new HashSet<>();
        for (Sender s : generator.world().senders()) if (s.newcomer()) newcomers.add(s.ip());
        assertThat(newcomers).hasSizeGreaterThanOrEqualTo(4);
        Set<String> seenLastWeek = new HashSet<>();
        for (SampleReport r : generator.reports()) {
            for (Iterator<ReportRecord> it = generator.records(r); it.hasNext(); ) {
                String ip = it.next().sourceIp();
                if (!newcomers.contains(ip)) continue;
                assertThat(r.begin()).as(ip + " in " + r.fileName()).isAfterOrEqualTo(lastWeek);
                seenLastWeek.add(ip);
            }
        }
        assertThat(seenLastWeek).isEqualTo(newcomers);
    }

    @Test
    void outcomesFollowWhoSent() {
        SampleGenerator generator = SampleGenerator.fromSeed(9, SIX_WEEKS);
        Map<String, Sender> byIpAndDomain = new HashMap<>();
        for (Sender s : generator.world().senders()) byIpAndDomain.put(s.ip() + " " + s.policyDomain(), s);
        Set<SenderKind> kindsSeen = EnumSet.noneOf(SenderKind.class);
        for (SampleReport r : generator.reports()) {
            for (Iterator<ReportRecord> it = generator.records(r); it.hasNext(); ) {
                ReportRecord rec = it.next();
                Sender s = byIpAndDomain.get(rec.sourceIp() + " " + rec.headerFrom());
                SpfAuthResult mfrom = rec.spfResults().get(0);
                if (s == null || s.kind() == SenderKind.SPOOFER) {
                    assertThat(rec.dkim()).isEqualTo("fail");
                    assertThat(rec.spf()).isEqualTo("fail");
                    assertThat(mfrom.result()).isIn("fail", "softfail", "none");
                    continue;
                }
                kindsSeen.add(s.kind());
                switch (s.kind()) {
                    case OWN_SERVER -> assertThat(rec.spf()).isEqualTo("pass");
                    case SERVICE -> assertThat(
                                    rec.spf().equals("pass") || rec.dkim().equals("pass"))
                            .isTrue();
                    case MISCONFIGURED -> {
                        assertThat(mfrom.result()).isEqualTo("pass");
                        assertThat(rec.spf()).isEqualTo("fail");
                        assertThat(rec.dkim()).isEqualTo("fail");
                    }
                    case FORWARDER -> assertThat(rec.spf()).isEqualTo("fail");
                    default -> {}
                }
            }
        }
        assertThat(kindsSeen)
                .contains(SenderKind.OWN_SERVER, SenderKind.SERVICE, SenderKind.MISCONFIGURED, SenderKind.FORWARDER);
    }

    @Test
    void recordsCanBeReadAgainAndAgain() {
        SampleGenerator generator = SampleGenerator.fromSeed(4, SIX_WEEKS.withReports(3));
        SampleReport report = generator.reports().get(1);
        List<ReportRecord> once = new ArrayList<>();
        generator.records(report).forEachRemaining(once::add);
        List<ReportRecord> twice = new ArrayList<>();
        generator.records(report).forEachRemaining(twice::add);
        assertThat(once).hasSize(24).isEqualTo(twice);
    }

    static long messagesOf(SampleGenerator generator, SampleReport report) {
        long sum = 0;
        for (Iterator<ReportRecord> it = generator.records(report); it.hasNext(); )
            sum += it.next().count();
        return sum;
    }

    private static byte[] firstReportXml(SampleGenerator generator) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            generator.writeXml(generator.reports().get(0), out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String text(Document doc, String localName) {
        NodeList nodes = doc.getElementsByTagNameNS("*", localName);
        assertThat(nodes.getLength()).as(localName).isPositive();
        return nodes.item(0).getTextContent();
    }

    static int count(Document doc, String localName) {
        return doc.getElementsByTagNameNS("*", localName).getLength();
    }

    static List<Path> list(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(dir::relativize)
                    .sorted()
                    .toList();
        }
    }
}
