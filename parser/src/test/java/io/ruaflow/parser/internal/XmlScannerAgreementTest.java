package io.ruaflow.parser.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import io.ruaflow.parser.ParserLimits;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportSource;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one-pass {@link XmlScanner} reads every report exactly as the two passes it replaced did (Woodstox over
 * {@link LenientXmlReader}'s repaired text): the same header, records, counts and warnings, and the same refusals.
 * Compared on the shared corpus, on a table of the repairs and XML features reporters use, and on thousands of
 * reports bent at random.
 */
class XmlScannerAgreementTest {
    private static final ParserLimits LIMITS = ParserLimits.defaults();
    private static final ReportSource SOURCE = new ReportSource("test.xml", "0".repeat(64));
    private static final String CLEAN =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">
              <version>1.0</version>
              <report_metadata>
                <org_name>Example &amp; Co</org_name>
                <email>dmarc@example.net</email>
                <extra_contact_info>https://example.net/dmarc</extra_contact_info>
                <report_id>r-1</report_id>
                <date_range><begin>1700000000</begin><end>1700086399</end></date_range>
              </report_metadata>
              <policy_published>
                <domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct>
              </policy_published>
              <record>
                <row>
                  <source_ip>192.0.2.1</source_ip><count>3</count>
                  <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf>
                    <reason><type>forwarded</type><comment>via a list</comment></reason>
                  </policy_evaluated>
                </row>
                <identifiers><header_from>example.com</header_from><envelope_from>example.com</envelope_from></identifiers>
                <auth_results>
                  <dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>
                  <spf><domain>example.com</domain><scope>mfrom</scope><result>fail</result></spf>
                </auth_results>
              </record>
              <record>
                <row><source_ip>2001:db8::1</source_ip><count>12</count>
                  <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>pass</spf></policy_evaluated>
                </row>
                <identifiers><header_from>example.com</header_from></identifiers>
                <auth_results><spf><domain>bounce.example.com</domain><result>pass</result></spf></auth_results>
              </record>
            </feedback>
            """;

    /**
     * Woodstox's words for the rules whose breach the scanner reads through: processing instructions are skipped unread, {@code ]]>} in
     * text and {@code --} in a comment change no meaning, characters XML forbids are dropped from CDATA and not looked
     * at in comments, and attributes other than namespace declarations are not read.
     */
    private static final String[] WOODSTOX_RULES_THE_SCANNER_DOES_NOT_ENFORCE = {
        "\"?>\" end marker", "]]>", "'--'", "Illegal character", "null byte", "Duplicate attribute",
    };

    record Outcome(
            String rejection,
            ReportHeader header,
            List<ReportRecord> records,
            long recordCount,
            long messageCount,
            List<String> warnings) {
        static Outcome rejected(String reason) {
            return new Outcome(reason, null, List.of(), 0, 0, List.of());
        }

        boolean accepted() {
            return rejection == null;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "as is|`<version>`|`<version>`",
                "CRLF line ends|`\n`|`\r\n`",
                "lone CR line ends|`\n`|`\r`",
                "CR inside text|`Example &amp; Co`|`Example\r\n&amp;\rCo`",
                "a control character between CR and LF|`Example &amp; Co`|`Example\r\u0001\n&amp; Co`",
                "character references|`Example &amp; Co`|`&#69;xample &#x26; &#x1F600; &lt;&gt;&quot;&apos;`",
                "a reference to a space is trimmed|`<org_name>Example &amp; Co`|`<org_name>&#32;Example &amp; Co`",
                "CDATA|`Example &amp; Co`|`<![CDATA[Example & Co]]>`",
                "CDATA with CRLF and text around|`Example &amp; Co`|` Ex<![CDATA[ample\r\n&]]> Co `",
                "comments everywhere|`<record>`|`<!-- a < b & c --><record><!-- more -->`",
                "comment inside text|`Example &amp; Co`|`Example <!-- x --> &amp; Co`",
                "processing instruction|`<record>`|`<?pi some data?><record>`",
                "a prefix on every element|`<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">`|`<feedback xmlns:d=\"urn:x\">`",
                "prefixed names|`<org_name>Example &amp; Co</org_name>`|`<d:org_name xmlns:d=\"urn:x\">Example &amp; Co</d:org_name>`",
                "xsi attributes|`<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">`|`<feedback xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"rua.xsd\">`",
                "declaration after its use|`<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">`|`<feedback xsi:a='1' xmlns:xsi='urn:y'>`",
                "undeclared prefix|`<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">`|`<feedback xsi:a='1'>`",
                "no namespace|` xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\"`|``",
                "a '>' in an attribute value|`<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">`|`<feedback note=\"a>b\">`",
                "whitespace in tags|`<record>`|`<record  \n>`",
                "whitespace in end tags|`</record>`|`</record\t>`",
                "empty elements|`<comment>via a list</comment>`|`<comment/>`",
                "empty elements with space|`<comment>via a list</comment>`|`<comment />`",
                "a child element inside text|`Example &amp; Co`|`Example <b>bold</b> &amp; Co`",
                "an address in angle brackets|`dmarc@example.net`|`<dmarc@example.net>`",
                "a bare '<'|`Example &amp; Co`|`Example < Co`",
                "a bare '&'|`Example &amp; Co`|`AT&T`",
                "an undeclared entity|`Example &amp; Co`|`Example&nbsp;Co`",
                "a long reference|`Example &amp; Co`|`&#000000000000000065;`",
                "control characters|`Example &amp; Co`|`Ex\u0001ample\u0008 \u001F&amp; Co`",
                "junk before the declaration|`<?xml version`|`junk here <?xml version`",
                "no declaration|`<?xml version=\"1.0\" encoding=\"UTF-8\"?>`|``",
                "a declaration in the middle|`<record>`|`<?xml version=\"1.0\"?><record>`",
                "a DOCTYPE|`<feedback`|`<!DOCTYPE feedback [<!ENTITY x \"y\">]><feedback`",
                "a lower-case doctype inside|`<record>`|`<!doctype x><record>`",
                "an unknown declaration|`<record>`|`<!ELEMENT x><record>`",
                "a mismatched end tag|`</org_name>`|`</orgname>`",
                "a cut document|`</feedback>`|``",
                "a second root|`</feedback>`|`</feedback><feedback></feedback>`",
                "text after the root|`</feedback>`|`</feedback>trailing`",
                "text before the root|`<feedback`|`text<feedback`",
                "an unterminated comment|`</feedback>`|`</record><!-- cut`",
                "an unterminated CDATA|`Example &amp; Co`|`<![CDATA[cut`",
                "a reference to NUL|`Example &amp; Co`|`&#0;`",
                "Arabic-Indic digits in a reference|`Example &amp; Co`|`&#\u0661\u0662;`",
                "a stray schema tag|`<feedback`|`<schema><feedback`",
                "a wrong root|`<feedback`|`<html`",
                "two colons in a name|`<record>`|`<a:b:c xmlns:a='u'/><record>`",
                "an empty default namespace|`<record>`|`<record xmlns=''>`",
                "a prefix bound to nothing|`<record>`|`<record xmlns:p=''>`",
                "an '&' in a namespace|`<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">`|`<feedback xmlns=\"urn:a&amp;b\">`",
                // The name table tells names apart by length and three characters first: these share all four
                // with the name that follows them, more of them than the table probes
                "names alike to the name table|`<record>`|`<rabocd/><rbbocd>x</rbbocd><rcbocd/><rdbocd/><rebocd/><record>`",
                "names alike inside a record|`<dkim>`|`<daim/><dbim>fail</dbim><dcim/><ddim/><deim/><dkim>`",
            })
    void bothReadersAgree(String name, String find, String replacement) throws IOException {
        assertThat(CLEAN).as("the report has what the case replaces").contains(find);
        String xml = CLEAN.replace(find, replacement);
        assertAgree(name, xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Where Woodstox refused a report for a rule whose breach loses no meaning, the scanner reads it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "a bare '&' in an attribute other than xmlns|`<record>`|`<record note='AT&T'>`|via a list",
                "a duplicate attribute|`<record>`|`<record a='1' a='2'>`|via a list",
                "a ']]>' in text|`via a list`|`via ]]> a list`|via ]]> a list",
                "'--' inside a comment|`<record>`|`<!-- a -- b --><record>`|via a list",
                "a control character in CDATA|`via a list`|`<![CDATA[via\u0001 a list]]>`|via a list",
            })
    void theScannerReadsWhatWoodstoxRefusedForNoLoss(String name, String find, String replacement, String comment)
            throws IOException {
        String xml = CLEAN.replace(find, replacement.replace("\\u0001", "\u0001"));
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        assertThat(reference(bytes).rejection()).as(name + " was refused").isNotNull();
        Outcome scanner = scanner(bytes);
        assertThat(scanner.rejection()).as(name).isNull();
        assertThat(scanner.records()).hasSize(2);
        assertThat(scanner.records().get(0).reasons().get(0).comment()).isEqualTo(comment);
    }

    @Test
    void encodingsAndByteOrderMarksAgree() throws IOException {
        String latin = CLEAN.replace("UTF-8", "ISO-8859-1").replace("Example", "Exämple");
        assertAgree("latin-1", latin.getBytes(StandardCharsets.ISO_8859_1));
        byte[] utf16 = CLEAN.replace("UTF-8", "UTF-16").getBytes(StandardCharsets.UTF_16); // with a BOM
        assertAgree("utf-16", utf16);
        byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, CLEAN.getBytes(StandardCharsets.UTF_8));
        assertAgree("utf-8 with a BOM", bom);
        byte[] bad = CLEAN.replace("Example", "Ex\u00FFample").getBytes(StandardCharsets.ISO_8859_1);
        assertAgree("a byte not valid in UTF-8", bad);
    }

    @Test
    void longTextsAndManyRecordsAcrossBufferBoundariesAgree() throws IOException {
        int recordStart = CLEAN.indexOf("<record>");
        int recordEnd = CLEAN.lastIndexOf("</record>") + "</record>".length();
        String records = CLEAN.substring(recordStart, recordEnd);
        for (int n : new int[] {1, 100, 1000}) {
            String xml = CLEAN.substring(0, recordStart) + records.repeat(n) + CLEAN.substring(recordEnd);
            assertAgree(n + " record pairs", xml.getBytes(StandardCharsets.UTF_8));
        }
        for (int length : new int[] {4095, 4096, 16383, 32768, 40000, 70000}) {
            String comment = "x".repeat(length);
            String xml = CLEAN.replace("via a list", comment + "<" + "y".repeat(length) + "&amp;\r\n" + comment)
                    .replace(
                            "<version>",
                            "<!--" + "x-".repeat(length / 2) + "x--><![CDATA[" + "]".repeat(length) + "]]><version>");
            assertAgree(length + "-character texts", xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyCorpusReportAgrees() throws IOException {
        Path corpus = Path.of("..", "..", "shared", "corpus");
        if (!Files.isDirectory(corpus)) {
            corpus = Path.of("..", "shared", "corpus");
        }
        Assumptions.assumeTrue(Files.isDirectory(corpus), "no shared corpus here");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        int compared = 0;
        for (Path file : files) {
            for (byte[] xml : xmlDocuments(file)) {
                assertAgree(file.toString(), xml);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(10);
    }

    /**
     * Thousands of reports bent at random (bytes replaced, inserted or dropped; markup, references, control
     * characters and line ends inserted; cut short): where the reference reads one, the scanner reads the same;
     * where it refuses one, so does the scanner, except for the leniencies the scanner documents.
     */
    @Test
    void reportsBentAtRandomAgree() throws IOException {
        String[] pieces = {
            "<", "&", "&amp;", "&#65;", "&#x41;", "&#0;", "]]>", "<!--", "-->", "<![CDATA[", "\r\n", "\r", "\u0001",
            "</", "/>", "<x>", "</x>", "<record>", "</record>", "<a:b>", "xmlns:a='u' ", "<?pi?>", "\"", "'", "=", " ",
            "é", "\uFFFD", "<!DOCTYPE x>", "<count>", "</count>", "99999999999999999999",
        };
        Random random = new Random(20261203);
        byte[] clean = CLEAN.getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        int refusedByBoth = 0;
        int scannerReadsOn = 0;
        for (int n = 0; n < 5000; n++) {
            String xml = CLEAN;
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits; e++) {
                // Bent before the end of <feedback> only: what follows it is not read, though the reference's
                // read-ahead counted the repairs it made there.
                int end = xml.lastIndexOf("</feedback>");
                int at = random.nextInt((end < 0 ? xml.length() : end) + 1);
                switch (random.nextInt(30)) {
                    case 0 -> xml = xml.substring(0, at);
                    case 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 -> xml =
                            xml.substring(0, at) + pieces[random.nextInt(pieces.length)] + xml.substring(at);
                    case 13, 14, 15, 16, 17, 18 -> xml =
                            xml.substring(0, at) + xml.substring(Math.min(xml.length(), at + 1 + random.nextInt(8)));
                    default -> xml = xml.substring(0, at) + (char) random.nextInt(128) + xml.substring(at);
                }
            }
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            Outcome reference = reference(bytes);
            Outcome scanner = scanner(bytes);
            switch (compare(xml, reference, scanner, true)) {
                case READ_ALIKE -> accepted++;
                case REFUSED_BY_BOTH -> refusedByBoth++;
                default -> scannerReadsOn++;
            }
        }
        assertThat(accepted).as("bent reports both read").isGreaterThan(500);
        assertThat(refusedByBoth).as("bent reports both refused").isGreaterThan(500);
        System.out.printf(
                "bent reports: %d read alike, %d refused by both, %d refused by Woodstox for a rule the scanner"
                        + " does not enforce%n",
                accepted, refusedByBoth, scannerReadsOn);
    }

    enum Agreement {
        READ_ALIKE,
        REFUSED_BY_BOTH,
        REFUSED_BY_WOODSTOX_FOR_A_RULE_THE_SCANNER_DOES_NOT_ENFORCE
    }

    /** Asserts that the scanner's outcome is the reference's, allowing for the scanner's documented leniencies. */
    private static Agreement compare(String xml, Outcome reference, Outcome scanner, boolean wholeOutcome)
            throws IOException {
        if (reference.accepted()) {
            if (wholeOutcome) {
                assertThat(scanner).as(xml).isEqualTo(reference);
            } else {
                assertThat(scanner.header())
                        .as(xml + "\nthe scanner: " + scanner.rejection())
                        .isEqualTo(reference.header());
                assertThat(scanner.records()).as(xml).isEqualTo(reference.records());
            }
            return Agreement.READ_ALIKE;
        }
        if (Stream.of(WOODSTOX_RULES_THE_SCANNER_DOES_NOT_ENFORCE).anyMatch(reference.rejection()::contains)) {
            // The scanner reads on; what it then finds (a report, or a later refusal) is its own answer.
            return Agreement.REFUSED_BY_WOODSTOX_FOR_A_RULE_THE_SCANNER_DOES_NOT_ENFORCE;
        }
        int declaration = xml.indexOf("<?xml");
        int declarationEnd = xml.indexOf("?>", declaration + 1);
        boolean isDeclaration = declaration >= 0
                && declaration + 5 < xml.length()
                && (xml.charAt(declaration + 5) <= ' ' || xml.startsWith("?>", declaration + 5));
        if (isDeclaration && declarationEnd > 0) {
            // The scanner does not read the XML declaration's contents (the encoding is found before either reader
            // starts): where the reference refused only those, the scanner reads the report the reference reads
            // without them (but for the warning about an unknown declared encoding, its own).
            String plain = xml.substring(0, declaration) + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + xml.substring(declarationEnd + 2);
            Outcome withoutTheDeclaration = reference(plain.getBytes(StandardCharsets.UTF_8));
            if (!withoutTheDeclaration.equals(reference)) {
                compare(xml + "\nmade plain: " + plain, withoutTheDeclaration, scanner, false);
                return Agreement.REFUSED_BY_WOODSTOX_FOR_A_RULE_THE_SCANNER_DOES_NOT_ENFORCE;
            }
        }
        assertThat(scanner.rejection())
                .as("refused by the scanner too, as the reference did (" + reference.rejection() + "): " + xml)
                .isNotNull();
        assertSameRefusal(xml, reference, scanner);
        return Agreement.REFUSED_BY_BOTH;
    }

    private static void assertAgree(String what, byte[] xml) throws IOException {
        Outcome reference = reference(xml);
        Outcome scanner = scanner(xml);
        if (reference.accepted()) {
            assertThat(scanner).as(what).isEqualTo(reference);
        } else {
            assertThat(scanner.rejection())
                    .as(what + " is refused by the scanner too, as the reference did: " + reference.rejection())
                    .isNotNull();
            assertSameRefusal(what, reference, scanner);
        }
    }

    /**
     * Malformed XML is described in each reader's words; every other refusal is the same. The reference called any
     * malformed document with a DOCTYPE anywhere in what it had read ahead a refused DOCTYPE, even one after the
     * error; the scanner names whichever of the two comes first.
     */
    private static void assertSameRefusal(String what, Outcome reference, Outcome scanner) {
        if (malformedOrDoctype(reference.rejection()) && malformedOrDoctype(scanner.rejection())) {
            return;
        }
        assertThat(scanner.rejection()).as(what).isEqualTo(reference.rejection());
    }

    private static boolean malformedOrDoctype(String reason) {
        return reason.startsWith("malformed XML") || reason.equals(XmlReportReader.DOCTYPE_REFUSED);
    }

    static Outcome scanner(byte[] bytes) throws IOException {
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes));
        List<String> prolog = new ArrayList<>();
        Charset charset = XmlReportReader.charset(in, prolog);
        XmlScanner cursor = new XmlScanner(in, charset, LIMITS.maxXmlDepth(), XmlReportReader.MAX_TEXT_CHARS);
        Collector records = new Collector();
        try {
            PendingReport report = new ReportDocument(cursor, LIMITS, SOURCE, records, prolog).read();
            Warnings warnings = report.warnings;
            XmlReportReader.addRepairWarnings(cursor, warnings);
            return new Outcome(
                    null, report.header, records.records, report.recordCount, report.messageCount, warnings.toList());
        } catch (InputRejected e) {
            return Outcome.rejected(e.getMessage());
        } finally {
            // Buffers go back for the next document, as the parser's reader does: every bent document, read or
            // refused part-way, leaves them for the next one, which must read as if they were new.
            cursor.close();
        }
    }

    /** The reading before the scanner: repaired text, then Woodstox. */
    static Outcome reference(byte[] bytes) throws IOException {
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes));
        List<String> prolog = new ArrayList<>();
        Charset charset = XmlReportReader.charset(in, prolog);
        LenientXmlReader text = new LenientXmlReader(in, charset);
        WstxInputFactory f = new WstxInputFactory();
        f.configureForSpeed();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, XmlReportReader.MAX_TEXT_CHARS);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, LIMITS.maxXmlDepth() + 1);
        Collector records = new Collector();
        try {
            XMLStreamReader xml = f.createXMLStreamReader(text);
            PendingReport report = new ReportDocument(
                            new StaxCursor(xml, LIMITS.maxXmlDepth()), LIMITS, SOURCE, records, prolog)
                    .read();
            Warnings warnings = report.warnings;
            XmlReportReader.addRepairWarnings(
                    warnings,
                    text.skippedLeadingChars,
                    text.malformedBytes,
                    text.escapedLessThan,
                    text.escapedAmpersands,
                    text.droppedControlChars);
            return new Outcome(
                    null, report.header, records.records, report.recordCount, report.messageCount, warnings.toList());
        } catch (XMLStreamException | RuntimeException e) {
            // Woodstox reports some errors (a reference to NUL) as unchecked exceptions when the text is taken.
            return Outcome.rejected(text.doctypeSeen ? XmlReportReader.DOCTYPE_REFUSED : "malformed XML: " + e);
        } catch (InputRejected e) {
            boolean malformed = e.getMessage().startsWith("malformed XML");
            return Outcome.rejected(malformed && text.doctypeSeen ? XmlReportReader.DOCTYPE_REFUSED : e.getMessage());
        }
    }

    private static final class Collector implements ReportHandler {
        final List<ReportRecord> records = new ArrayList<>();

        @Override
        public void header(ReportHeader header) {}

        @Override
        public void record(ReportRecord record) {
            records.add(record);
        }

        @Override
        public void end(ReportHeader header, long recordCount, long messageCount, List<String> warnings) {}
    }

    /** The XML documents in a corpus file: itself, or what a gzip or zip holds; mails are left to the parser tests. */
    private static List<byte[]> xmlDocuments(Path file) throws IOException {
        String name = file.getFileName().toString();
        byte[] bytes = Files.readAllBytes(file);
        if (name.endsWith(".xml")) {
            return List.of(bytes);
        }
        if (name.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return List.of(in.readAllBytes());
            }
        }
        if (name.endsWith(".zip")) {
            List<byte[]> entries = new ArrayList<>();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    zip.transferTo(out);
                    entries.add(out.toByteArray());
                }
            }
            return entries;
        }
        return List.of();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
