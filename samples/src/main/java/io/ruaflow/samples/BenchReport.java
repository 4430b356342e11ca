package io.ruaflow.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A realistic Google-style aggregate report for benchmarks: varied IPv4 and IPv6 sources, aligned, forwarded and
 * spoofed traffic, one or two DKIM signatures, override reasons now and then.
 */
public final class BenchReport {
    private static final String[] SENDERS = {"example.com", "mail.example.com", "news.example.com"};
    private static final String[] THIRD_PARTIES = {"sendgrid.net", "amazonses.com", "mailchimp.com", "outlook.com"};

    private BenchReport() {}

    /** The file name Google gives a report of {@link #xml} (some tools, like dmarc-cat, read only names like it). */
    public static final String FILE_NAME = "google.com!example.com!1718236800!1718323199.xml";

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 8);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** The report as Google mails it: a short text part and the XML gzipped, base64-encoded, CRLF line ends. */
    public static byte[] mail(byte[] xml, long seed) {
        String boundary = "bench-" + seed;
        String attachment = Base64.getMimeEncoder().encodeToString(gzip(xml));
        String mail = "From: noreply-dmarc-support@google.com\r\n"
                + "To: dmarc@example.com\r\n"
                + "Subject: Report domain: example.com Submitter: google.com Report-ID: " + seed + "1234567890\r\n"
                + "Date: Thu, 13 Jun 2024 00:00:00 +0000\r\n"
                + "Message-ID: <" + boundary + "@google.com>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nDMARC aggregate report.\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: application/gzip; name=\"" + FILE_NAME + ".gz\"\r\n"
                + "Content-Disposition: attachment; filename=\"" + FILE_NAME + ".gz\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + attachment + "\r\n--" + boundary + "--\r\n";
        return mail.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A zone answering the DNS questions the enricher asks about {@link #xml} reports: SPF for every sender and
     * third party, a DKIM key for selector {@code google}, PTR and A for the first {@code records} IPv4 sources.
     */
    public static String zone(int records) {
        StringBuilder zone = new StringBuilder();
        for (String d : SENDERS) {
            zone.append(d).append(". 300 IN TXT \"v=spf1 ip4:10.0.0.0/8 include:_spf.esp.example -all\"\n");
            zone.append("google._domainkey.").append(d).append(". 300 IN TXT \"v=DKIM1; k=rsa; p=\"\n");
        }
        zone.append("_spf.esp.example. 300 IN TXT \"v=spf1 ip4:172.16.0.0/12 -all\"\n");
        for (String d : THIRD_PARTIES) {
            zone.append(d).append(". 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n");
        }
        for (int i = 0; i < Math.min(records, 65_536); i++) {
            String host = "host-" + i + ".mail.example.com";
            zone.append(i & 0xFF)
                    .append('.')
                    .append((i >>> 8) & 0xFF)
                    .append(".0.10.in-addr.arpa. 300 IN PTR ")
                    .append(host)
                    .append(".\n");
            zone.append(host)
                    .append(". 300 IN A 10.0.")
                    .append((i >>> 8) & 0xFF)
                    .append('.')
                    .append(i & 0xFF)
                    .append('\n');
        }
        return zone.toString();
    }

    public static byte[] xml(int records, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(records * 760 + 1024);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<feedback>\n  <version>1.0</version>\n")
                .append("  <report_metadata>\n    <org_name>google.com</org_name>\n")
                .append("    <email>noreply-dmarc-support@google.com</email>\n")
                .append("    <extra_contact_info>https://support.google.com/a/answer/2466580</extra_contact_info>\n")
                .append("    <report_id>")
                .append(seed)
                .append("1234567890</report_id>\n")
                .append("    <date_range>\n      <begin>1718236800</begin>\n      <end>1718323199</end>\n")
                .append("    </date_range>\n  </report_metadata>\n  <policy_published>\n")
                .append("    <domain>example.com</domain>\n    <adkim>r</adkim>\n    <aspf>r</aspf>\n")
                .append("    <p>quarantine</p>\n    <sp>quarantine</sp>\n    <pct>100</pct>\n    <fo>1</fo>\n")
                .append("  </policy_published>\n");
        for (int i = 0; i < records; i++) {
            record(sb, random, i);
        }
        sb.append("</feedback>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void record(StringBuilder sb, SplittableRandom random, int i) {
        int kind = random.nextInt(10); // 0-6 aligned, 7-8 forwarded, 9 spoofed
        String header = SENDERS[random.nextInt(SENDERS.length)];
        boolean aligned = kind < 7;
        boolean forwarded = kind == 7 || kind == 8;
        String envelope = aligned ? header : THIRD_PARTIES[random.nextInt(THIRD_PARTIES.length)];
        String ip = random.nextInt(8) == 0
                ? "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xFFFF) + "::1"
                : (10 + (i >>> 24)) + "." + ((i >>> 16) & 0xFF) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF);
        String dkim = aligned || forwarded ? "pass" : "fail";
        String spf = aligned ? "pass" : "fail";
        String disposition = aligned || forwarded ? "none" : "quarantine";
        sb.append("  <record>\n    <row>\n      <source_ip>")
                .append(ip)
                .append("</source_ip>\n")
                .append("      <count>")
                .append(1 + random.nextInt(500))
                .append("</count>\n")
                .append("      <policy_evaluated>\n        <disposition>")
                .append(disposition)
                .append("</disposition>\n        <dkim>")
                .append(dkim)
                .append("</dkim>\n        <spf>")
                .append(spf)
                .append("</spf>\n");
        if (forwarded && random.nextBoolean()) {
            sb.append("        <reason>\n          <type>local_policy</type>\n")
                    .append("          <comment>arc=pass as[2]=google.com</comment>\n        </reason>\n");
        }
        sb.append("      </policy_evaluated>\n    </row>\n    <identifiers>\n      <envelope_to>")
                .append("example.net</envelope_to>\n      <envelope_from>")
                .append(envelope)
                .append("</envelope_from>\n      <header_from>")
                .append(header)
                .append("</header_from>\n    </identifiers>\n    <auth_results>\n");
        if (!"fail".equals(dkim) || random.nextBoolean()) {
            sb.append("      <dkim>\n        <domain>")
                    .append(header)
                    .append("</domain>\n        <selector>")
                    .append("google</selector>\n        <result>")
                    .append(dkim)
                    .append("</result>\n      </dkim>\n");
        }
        if (!aligned) {
            sb.append("      <dkim>\n        <domain>")
                    .append(envelope)
                    .append("</domain>\n        <selector>")
                    .append("s1</selector>\n        <result>pass</result>\n      </dkim>\n");
        }
        sb.append("      <spf>\n        <domain>")
                .append(envelope)
                .append("</domain>\n        <scope>mfrom</scope>\n")
                .append("        <result>")
                .append(spf)
                .append("</result>\n      </spf>\n    </auth_results>\n")
                .append("  </record>\n");
    }
}
