package io.ruaflow.samples;

import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.OverrideReason;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportSchema;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.ReportUid;
import io.ruaflow.parser.SpfAuthResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The one report builder for tests and benches in every module: parsed headers and records (for the enricher and
 * the stores), small valid RFC 7489 report XML, and its packaging (gzip, zip, a provider's mail). The parser's own
 * tests keep theirs: {@code samples} depends on {@code parser}, and Maven refuses the cycle even in test scope.
 * Everything here is deterministic. For realistic reports in many reporters' shapes use {@link SampleGenerator};
 * for large ones {@link BenchReport}.
 */
public final class ReportBuilder {
    /** The count of every record in {@link #xml}: a report of n records counts n × this many messages. */
    public static final int MESSAGES_PER_RECORD = 3;

    private ReportBuilder() {}

    /** A one-day RFC 7489 header from {@code receiver.example} for {@code domain} with policy {@code p=reject}. */
    public static ReportHeader header(String domain, String adkim, String aspf) {
        return new ReportHeader(
                "uid-" + domain,
                "receiver.example",
                "dmarc@receiver.example",
                null,
                "r1",
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-02T00:00:00Z"),
                List.of(),
                null,
                ReportSchema.RFC7489,
                new PolicyPublished(domain, "reject", null, null, adkim, aspf, 100, null, null, null),
                new ReportSource("test", "0"));
    }

    /** A header with a real report uid, for stores: relaxed SPF, strict DKIM, {@code p=reject; sp=quarantine}. */
    public static ReportHeader header(String org, String reportId, String domain, Instant begin, Instant end) {
        PolicyPublished policy =
                new PolicyPublished(domain, "reject", "quarantine", null, "r", "s", 100, "1", null, null);
        return new ReportHeader(
                ReportUid.of(org, reportId, domain),
                org,
                "dmarc@" + org.toLowerCase(Locale.ROOT).replace(' ', '-') + ".example",
                null,
                reportId,
                begin,
                end,
                List.of(),
                null,
                ReportSchema.RFC7489,
                policy,
                new ReportSource("test/" + reportId + ".xml", "00".repeat(32)));
    }

    /** A report covering exactly the UTC day {@code day}. */
    public static ReportHeader dayHeader(String org, String reportId, String domain, LocalDate day) {
        return header(
                org,
                reportId,
                domain,
                day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** A record of one message whose reported DKIM and SPF verdicts follow its auth results. */
    public static ReportRecord record(
            String ip,
            String headerFrom,
            String envelopeFrom,
            List<DkimAuthResult> dkim,
            List<SpfAuthResult> spf,
            List<OverrideReason> reasons) {
        boolean dkimPass = dkim.stream().anyMatch(d -> d.result().equals("pass"));
        boolean spfPass = spf.stream().anyMatch(s -> s.result().equals("pass"));
        return new ReportRecord(
                ip,
                1,
                "none",
                dkimPass ? "pass" : "fail",
                spfPass ? "pass" : "fail",
                reasons,
                null,
                envelopeFrom,
                headerFrom,
                dkim,
                spf);
    }

    public static DkimAuthResult dkim(String domain, String selector, String result) {
        return new DkimAuthResult(domain, selector, result, null);
    }

    public static SpfAuthResult spf(String domain, String result) {
        return new SpfAuthResult(domain, "mfrom", result, null);
    }

    /**
     * A valid RFC 7489 report of {@code records} passing records (sources 192.0.2.1 to .250, each with count
     * {@link #MESSAGES_PER_RECORD}) for one day in November 2025.
     */
    public static String xml(String org, String reportId, String domain, int records) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n<report_metadata>")
                .append("<org_name>")
                .append(org)
                .append("</org_name><email>noreply-dmarc@")
                .append(org)
                .append("</email><report_id>")
                .append(reportId)
                .append("</report_id><date_range><begin>1763337600</begin><end>1763423999</end></date_range>")
                .append("</report_metadata>\n<policy_published><domain>")
                .append(domain)
                .append("</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct>")
                .append("</policy_published>\n");
        for (int i = 0; i < records; i++) {
            xml.append("<record><row><source_ip>192.0.2.")
                    .append(i % 250 + 1)
                    .append("</source_ip><count>")
                    .append(MESSAGES_PER_RECORD)
                    .append("</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim>")
                    .append("<spf>pass</spf></policy_evaluated></row><identifiers><header_from>")
                    .append(domain)
                    .append("</header_from></identifiers><auth_results><dkim><domain>")
                    .append(domain)
                    .append("</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>")
                    .append(domain)
                    .append("</domain><result>pass</result></spf></auth_results></record>\n");
        }
        return xml.append("</feedback>\n").toString();
    }

    /** A report mail as a provider sends it: text part plus a gzip attachment, CRLF line ends. */
    public static byte[] mail(String org, String reportId, String domain, int records, String to) {
        String file = org + "!" + domain + "!1763337600!1763423999!" + reportId + ".xml.gz";
        String attachment = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(gzip(xml(org, reportId, domain, records)));
        String mail = "From: noreply-dmarc@" + org + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: Report domain: " + domain + " Submitter: " + org + " Report-ID: " + reportId + "\r\n"
                + "Message-ID: <" + reportId + "@" + org + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain\r\n\r\nDMARC aggregate report.\r\n"
                + "--b1\r\nContent-Type: application/gzip; name=\"" + file + "\"\r\n"
                + "Content-Disposition: attachment; filename=\"" + file + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + attachment + "\r\n--b1--\r\n";
        return mail.getBytes(StandardCharsets.US_ASCII);
    }

    /** A mail with no report in it (a bounce, a newsletter). */
    public static byte[] mailWithoutReport(String to, String subject) {
        return ("From: someone@example.net\r\nTo: " + to + "\r\nSubject: " + subject
                        + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] gzip(String text) {
        return gzip(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 8 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip archive holding {@code contents[i]} under {@code names[i]}. */
    public static byte[] zip(List<String> names, List<byte[]> contents) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < names.size(); i++) {
                out.putNextEntry(new ZipEntry(names.get(i)));
                out.write(contents.get(i));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
