package io.ruaflow.parser;

import static io.ruaflow.parser.TestReports.clean;
import static io.ruaflow.parser.TestReports.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each sloppiness of real reporters listed in STANDARDS.md is recovered from and named in a warning. */
class DeviationsTest {
    private final ReportParser parser = new ReportParser();

    private Report parse(String xml) throws Exception {
        return parse(utf8(xml));
    }

    private Report parse(byte[] bytes) throws ReportRejectedException, IOException {
        List<Report> reports = parser.parseAll(ReportInput.ofBytes("test.xml", bytes));
        assertThat(reports).hasSize(1);
        return reports.get(0);
    }

    @Test
    void cleanReportHasNoWarningsAndEveryField() throws Exception {
        Report report = parse(TestReports.CLEAN);
        assertThat(report.warnings()).isEmpty();
        ReportHeader h = report.header();
        assertThat(h.orgName()).isEqualTo("example.net");
        assertThat(h.orgEmail()).isEqualTo("dmarc@example.net");
        assertThat(h.reportId()).isEqualTo("r-1");
        assertThat(h.begin()).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThat(h.end()).isEqualTo(Instant.ofEpochSecond(1700086399));
        assertThat(h.schema()).isEqualTo(ReportSchema.RFC7489);
        assertThat(h.policyPublished())
                .isEqualTo(new PolicyPublished("example.com", "none", "none", null, "r", "r", 100, null, null, null));
        assertThat(h.reportUid()).isEqualTo(ReportUid.of("example.net", "r-1", "example.com"));
        assertThat(report.records())
                .containsExactly(new ReportRecord(
                        "192.0.2.1",
                        3,
                        "none",
                        "pass",
                        "pass",
                        List.of(),
                        null,
                        "example.com",
                        "example.com",
                        List.of(new DkimAuthResult("example.com", "s1", "pass", null)),
                        List.of(new SpfAuthResult("example.com", "mfrom", "pass", null))));
    }

    @Test
    void missingVersionIsReadAsDraft() throws Exception {
        Report report = parse(clean("<version>1.0</version>", ""));
        assertThat(report.header().schema()).isEqualTo(ReportSchema.DRAFT);
        assertThat(report.warnings()).anyMatch(w -> w.contains("no <version>"));
    }

    @Test
    void rfc9990IsDetectedByNamespaceOrMarkers() throws Exception {
        Report byNamespace = parse(clean("<feedback>", "<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">"));
        assertThat(byNamespace.header().schema()).isEqualTo(ReportSchema.RFC9990);
        assertThat(byNamespace.warnings()).isEmpty();

        Report byMarker = parse(clean("<pct>100</pct>", "<np>reject</np><testing>n</testing>"));
        assertThat(byMarker.header().schema()).isEqualTo(ReportSchema.RFC9990);
        assertThat(byMarker.header().policyPublished().np()).isEqualTo("reject");
        assertThat(byMarker.header().policyPublished().testing()).isEqualTo("n");
        assertThat(byMarker.warnings()).anyMatch(w -> w.contains("without the urn:ietf:params:xml:ns:dmarc-2.0"));
    }

    @Test
    void oddNamespaceIsIgnoredWithWarning() throws Exception {
        Report report = parse(clean("<feedback>", "<feedback xmlns=\"http://example.org/not-dmarc\">"));
        assertThat(report.records()).hasSize(1);
        assertThat(report.warnings()).anyMatch(w -> w.contains("unexpected namespace http://example.org/not-dmarc"));
    }

    @Test
    void namespacesDeclaredOnlyForXsdAndXsiAreHarmless() throws Exception {
        Report report = parse(clean(
                "<feedback>",
                "<feedback xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
                        + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"));
        assertThat(report.header().schema()).isEqualTo(ReportSchema.RFC7489);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void strayXsSchemaOpenerBeforeFeedbackIsIgnored() throws Exception {
        Report report = parse(clean(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\"?> <xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""
                        + " targetNamespace=\"http://dmarc.org/dmarc-xml/0.1\">"));
        assertThat(report.records()).hasSize(1);
        assertThat(report.warnings()).anyMatch(w -> w.contains("stray <xs:schema>"));
    }

    @Test
    void unescapedLessThanAndGreaterThanInTextAreReadAsText() throws Exception {
        Report report = parse(clean("<email>dmarc@example.net</email>", "<email><dmarc@example.net></email>")
                .replace("<header_from>example.com</header_from>", "<header_from>bad<example.com</header_from>"));
        assertThat(report.header().orgEmail()).isEqualTo("dmarc@example.net");
        assertThat(report.records().get(0).headerFrom()).isEqualTo("bad<example.com");
        assertThat(report.warnings()).anyMatch(w -> w.contains("2 unescaped '<'"));
    }

    @Test
    void unescapedAmpersandIsReadAsText() throws Exception {
        Report report = parse(clean("<org_name>example.net</org_name>", "<org_name>AT&T Mail</org_name>"));
        assertThat(report.header().orgName()).isEqualTo("AT&T Mail");
        assertThat(report.warnings()).anyMatch(w -> w.contains("unescaped '&'"));
    }

    @Test
    void invalidUtf8BytesAreReplaced() throws Exception {
        byte[] xml = utf8(clean("<org_name>example.net</org_name>", "<org_name>Exa\u0001mple</org_name>"));
        for (int i = 0; i < xml.length; i++) {
            if (xml[i] == 1) {
                xml[i] = (byte) 0xC3; // a lead byte followed by an ASCII letter: not UTF-8
            }
        }
        Report report = parse(xml);
        assertThat(report.header().orgName()).isEqualTo("Exa\uFFFDmple");
        assertThat(report.warnings()).anyMatch(w -> w.contains("replaced with U+FFFD"));
    }

    @Test
    void declaredLatin1IsDecodedAsLatin1() throws Exception {
        String xml = clean("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
                .replace("<org_name>example.net</org_name>", "<org_name>Société</org_name>");
        Report report = parse(xml.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(report.header().orgName()).isEqualTo("Société");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void byteOrderMarkAndWhitespaceBeforeXmlDeclarationAreSkipped() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Report withBom = parse(TestReports.concat(bom, utf8(TestReports.CLEAN)));
        assertThat(withBom.records()).hasSize(1);
        assertThat(withBom.warnings()).isEmpty();

        Report withWhitespace = parse("\r\n  \n" + TestReports.CLEAN);
        assertThat(withWhitespace.records()).hasSize(1);
        assertThat(withWhitespace.warnings()).anyMatch(w -> w.contains("before the XML declaration were removed"));
    }

    @Test
    void upperAndMixedCaseWordsAreLowerCased() throws Exception {
        Report report = parse(clean(
                        "<disposition>none</disposition><dkim>pass</dkim>",
                        "<disposition>None</disposition><dkim>PASS</dkim>")
                .replace("<result>pass</result></dkim>", "<result>Pass</result></dkim>")
                .replace("<p>none</p>", "<p>Reject</p>"));
        ReportRecord record = report.records().get(0);
        assertThat(record.disposition()).isEqualTo("none");
        assertThat(record.dkim()).isEqualTo("pass");
        assertThat(record.dkimResults().get(0).result()).isEqualTo("pass");
        assertThat(report.header().policyPublished().p()).isEqualTo("reject");
        assertThat(report.warnings())
                .containsExactly("upper- or mixed-case words were lower-cased (first: p Reject) (4 times)");
    }

    @Test
    void emptyReasonTypeIsDropped() throws Exception {
        Report report = parse(clean(
                "<spf>pass</spf></policy_evaluated>",
                "<spf>pass</spf><reason><type/><comment></comment></reason>"
                        + "<reason><type>Forwarded</type><comment>list</comment></reason></policy_evaluated>"));
        assertThat(report.records().get(0).reasons()).containsExactly(new OverrideReason("forwarded", "list"));
        assertThat(report.warnings()).anyMatch(w -> w.contains("empty <reason>"));
    }

    @Test
    void missingSelectorScopeAndResultAreWarnedAndFilled() throws Exception {
        Report report =
                parse(clean("<selector>s1</selector><result>pass</result>", "").replace("<scope>mfrom</scope>", ""));
        ReportRecord record = report.records().get(0);
        assertThat(record.dkimResults()).containsExactly(new DkimAuthResult("example.com", null, "none", null));
        assertThat(record.spfResults()).containsExactly(new SpfAuthResult("example.com", null, "pass", null));
        assertThat(report.warnings())
                .anyMatch(w -> w.contains("no selector"))
                .anyMatch(w -> w.contains("no scope"))
                .anyMatch(w -> w.contains("no result; recorded as none"));
    }

    @Test
    void identitiesIsReadAsIdentifiers() throws Exception {
        Report report = parse(clean("<identifiers>", "<identities>").replace("</identifiers>", "</identities>"));
        assertThat(report.records().get(0).headerFrom()).isEqualTo("example.com");
        assertThat(report.warnings()).anyMatch(w -> w.contains("<identities> used instead of <identifiers>"));
    }

    @Test
    void severalPolicyPublishedUseTheFirst() throws Exception {
        Report report = parse(clean(
                "</policy_published>",
                "</policy_published><policy_published><domain>other.example</domain><p>reject</p></policy_published>"));
        assertThat(report.header().policyPublished().domain()).isEqualTo("example.com");
        assertThat(report.header().policyPublished().p()).isEqualTo("none");
        assertThat(report.warnings()).anyMatch(w -> w.contains("several <policy_published>"));
    }

    @Test
    void emptyOrgNameFallsBackToTheEmailDomain() throws Exception {
        Report report = parse(clean("<org_name>example.net</org_name>", "<org_name> </org_name>")
                .replace("dmarc@example.net", "Reports@Mail.Example.NET"));
        assertThat(report.header().orgName()).isEqualTo("mail.example.net");
        assertThat(report.header().reportUid()).isEqualTo(ReportUid.of("mail.example.net", "r-1", "example.com"));
        assertThat(report.warnings()).anyMatch(w -> w.contains("empty <org_name>"));
    }

    @Test
    void reportIdInAngleBracketsIsCleaned() throws Exception {
        Report report = parse(clean("<report_id>r-1</report_id>", "<report_id>&lt;r-1&gt;</report_id>"));
        assertThat(report.header().reportId()).isEqualTo("r-1");
        assertThat(report.warnings()).anyMatch(w -> w.contains("wrapped in <...>"));
    }

    @Test
    void reportIdWithHostIsCleaned() throws Exception {
        Report report = parse(clean("<report_id>r-1</report_id>", "<report_id><r-1@mx.example.net></report_id>"));
        assertThat(report.header().reportId()).isEqualTo("r-1");
        assertThat(report.warnings()).anyMatch(w -> w.contains("@host"));
    }

    @Test
    void fractionalDatesAreTruncatedToSeconds() throws Exception {
        Report report = parse(clean("<begin>1700000000</begin>", "<begin>1700000000.487850</begin>"));
        assertThat(report.header().begin()).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThat(report.warnings()).anyMatch(w -> w.contains("fractional date 1700000000.487850"));
    }

    @Test
    void longPeriodIsKeptAndWarned() throws Exception {
        Report report = parse(clean("<end>1700086399</end>", "<end>1700863999</end>"));
        assertThat(report.header().end()).isEqualTo(Instant.ofEpochSecond(1700863999));
        assertThat(report.warnings()).anyMatch(w -> w.contains("the date range covers 239 hours"));
    }

    @Test
    void recordsBeforeMetadataAreHeldBackAndDelivered() throws Exception {
        String record = TestReports.CLEAN.substring(
                TestReports.CLEAN.indexOf("  <record>"), TestReports.CLEAN.indexOf("</feedback>"));
        String xml = TestReports.CLEAN
                .replace(record, "")
                .replace("<version>1.0</version>", "<version>1.0</version>" + record);
        Report report = parse(xml);
        assertThat(report.records()).hasSize(1);
        assertThat(report.warnings()).anyMatch(w -> w.contains("held back"));
    }

    @Test
    void recordsBeforeMetadataAreBounded() {
        String record = TestReports.CLEAN.substring(
                TestReports.CLEAN.indexOf("  <record>"), TestReports.CLEAN.indexOf("</feedback>"));
        String xml = TestReports.CLEAN
                .replace(record, "")
                .replace("<version>1.0</version>", "<version>1.0</version>" + record.repeat(3));
        ReportParser strict = new ReportParser(ParserLimits.defaults().withMaxBufferedRecords(2));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> strict.parseAll(ReportInput.ofBytes("early.xml", utf8(xml))))
                .isInstanceOf(ReportLimitExceededException.class)
                .hasMessageContaining("MAX_BUFFERED_RECORDS=2");
    }

    @Test
    void extensionsAndUnknownElementsAreIgnored() throws Exception {
        Report report = parse(clean(
                        "</feedback>",
                        "<extension><x:thing xmlns:x=\"urn:x\"><x:deep>1</x:deep></x:thing></extension></feedback>")
                .replace("<count>3</count>", "<count>3</count><surprise>yes</surprise>"));
        assertThat(report.records()).hasSize(1);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void missingCountHeaderFromAndEvaluationAreWarned() throws Exception {
        Report report = parse(clean("<count>3</count>", "")
                .replace("<header_from>example.com</header_from>", "")
                .replace("<spf>pass</spf></policy_evaluated>", "</policy_evaluated>"));
        ReportRecord record = report.records().get(0);
        assertThat(record.count()).isZero();
        assertThat(record.headerFrom()).isNull();
        assertThat(record.spf()).isNull();
        assertThat(report.warnings())
                .anyMatch(w -> w.contains("no <count>"))
                .anyMatch(w -> w.contains("no <header_from>"))
                .anyMatch(w -> w.contains("lacks disposition, dkim or spf"));
    }

    @Test
    void countsOverTheLimitAreNotBelievedAndNeverOverflowTheSum() throws Exception {
        String second = TestReports.CLEAN.substring(
                TestReports.CLEAN.indexOf("<record>"), TestReports.CLEAN.indexOf("</feedback>"));
        String[][] cases = {
            // second count, its value as read, the report's message count, the warning
            {"9223372036854775807", "0", "1", "is over MAX_RECORD_COUNT (1000000000000); 0 was used"},
            {"9223372036854775808", "0", "1", "is over MAX_RECORD_COUNT (1000000000000); 0 was used"},
            {"1000000000001", "0", "1", "is over MAX_RECORD_COUNT (1000000000000); 0 was used"},
            {"1e30", "0", "1", "is over MAX_RECORD_COUNT (1000000000000); 0 was used"},
            {"1000000000000", "1000000000000", "1000000000001", null},
            {"-1", "0", "1", "is not a message count; 0 was used"},
            {"9".repeat(100), "0", "1", "is not a message count; 0 was used"},
            {"9".repeat(18), "0", "1", "is over MAX_RECORD_COUNT (1000000000000); 0 was used"},
            {"9".repeat(19), "0", "1", "is over MAX_RECORD_COUNT (1000000000000); 0 was used"},
            {"007", "7", "8", null},
            {"+5", "5", "6", null},
            {"0", "0", "1", null},
            {"3.0", "3", "4", "was not a whole number as written"},
            {"١٢", "12", "13", "was not a whole number as written"}, // Arabic-Indic digits, read as BigDecimal does
        };
        for (String[] c : cases) {
            String xml = clean("<count>3</count>", "<count>1</count>")
                    .replace(
                            "</feedback>",
                            second.replace("<count>3</count>", "<count>" + c[0] + "</count>") + "</feedback>");
            Report report = parse(xml);
            assertThat(report.records().get(1).count()).as(c[0]).isEqualTo(Long.parseLong(c[1]));
            assertThat(report.messageCount()).as(c[0]).isEqualTo(Long.parseLong(c[2]));
            if (c[3] == null) {
                assertThat(report.warnings()).as(c[0]).isEmpty();
            } else {
                assertThat(report.warnings()).as(c[0]).anyMatch(w -> w.contains(c[3]));
            }
        }
    }

    @Test
    void datesOutsideTheCalendarAreRefusedNotCrashed() {
        for (String begin : new String[] {
            "99999999999999999", "-5", "9223372036854775808", "1e300", "+999999999-12-31T00:00:00Z", "7".repeat(500)
        }) {
            byte[] xml = utf8(clean("<begin>1700000000</begin>", "<begin>" + begin + "</begin>"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parseAll(ReportInput.ofBytes("t.xml", xml)))
                    .as(begin)
                    .isInstanceOf(ReportRejectedException.class)
                    .hasMessageContaining("<date_range> <begin>");
        }
    }

    @Test
    void streamedMessageCountIsTheSumOfTheBelievedCounts() throws Exception {
        String second = TestReports.CLEAN.substring(
                TestReports.CLEAN.indexOf("<record>"), TestReports.CLEAN.indexOf("</feedback>"));
        String xml = clean("<count>3</count>", "<count>1</count>")
                .replace(
                        "</feedback>",
                        second.replace("<count>3</count>", "<count>9223372036854775807</count>") + "</feedback>");
        long[] streamed = new long[1];
        parser.parse(ReportInput.ofBytes("t.xml", utf8(xml)), new ReportHandler() {
            @Override
            public void header(ReportHeader header) {}

            @Override
            public void record(ReportRecord record) {}

            @Override
            public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {
                streamed[0] = messageCount;
            }
        });
        assertThat(streamed[0]).isEqualTo(1);
    }

    @Test
    void sourceAddressesAreWrittenInOneCanonicalForm() throws Exception {
        String[][] cases = {
            {"2001:DB8:bad:0::27", "2001:db8:bad::27"},
            {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
            {"::ffff:192.0.2.7", "192.0.2.7"},
            {" 192.0.2.1 ", "192.0.2.1"},
        };
        for (String[] c : cases) {
            Report report = parse(clean("<source_ip>192.0.2.1</source_ip>", "<source_ip>" + c[0] + "</source_ip>"));
            assertThat(report.records().get(0).sourceIp()).as(c[0]).isEqualTo(c[1]);
            assertThat(report.warnings()).as(c[0]).isEmpty();
        }
    }

    @Test
    void aSourceThatIsNotAnAddressIsKeptAndWarned() throws Exception {
        // an IPv6 zone names the reporter's own interface: not a sender, and never resolved on this machine
        for (String written : List.of("mail.example.com", "fe80::1%eth0", "2001:db8::1%1")) {
            Report report = parse(clean("<source_ip>192.0.2.1</source_ip>", "<source_ip>" + written + "</source_ip>"));
            assertThat(report.records().get(0).sourceIp()).isEqualTo(written);
            assertThat(report.warnings()).anyMatch(w -> w.contains("not an IP address") && w.contains(written));
        }
    }
}
