package io.ruaflow.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * Small, valid RFC 7489 aggregate reports and the mails that carry them, for pipeline tests. Every record has
 * count {@link #MESSAGES_PER_RECORD}, so a report of n records counts n × that many messages.
 */
public final class TinyReports {
    public static final int MESSAGES_PER_RECORD = 3;

    private TinyReports() {}

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

    public static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
}
