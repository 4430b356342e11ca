package io.ruaflow.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/**
 * SMTP TLS reports (RFC 8460) in the shapes reporters send: the JSON, and the mail that carries it as a
 * {@code .json.gz} attachment of type {@code application/tlsrpt+gzip} (Google) or {@code application/tlsrpt+json}.
 * Used by the sample generator and by tests in every module.
 */
public final class TlsReportBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One failure-details entry; {@code sendingMtaIp} null leaves the key out, as Microsoft does. */
    public record Failure(
            String resultType, String sendingMtaIp, String receivingMx, String receivingIp, long sessions) {}

    private TlsReportBuilder() {}

    /**
     * The report of {@code org} for {@code domain} on {@code day}: one {@code sts} policy with {@code mx.<domain>} as
     * its MX (a string when {@code mxAsString}, else a list), {@code ok} successful sessions and the failures.
     */
    public static String json(
            String org,
            String reportId,
            String domain,
            LocalDate day,
            long ok,
            List<Failure> failures,
            boolean mxAsString) {
        ObjectNode root = JSON.createObjectNode();
        root.put("organization-name", org);
        ObjectNode range = root.putObject("date-range");
        range.put("start-datetime", day.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        range.put(
                "end-datetime",
                day.plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .minusSeconds(1)
                        .toInstant()
                        .toString());
        root.put("contact-info", "smtp-tls-reporting@" + senderDomain(org));
        root.put("report-id", reportId);
        ObjectNode entry = root.putArray("policies").addObject();
        ObjectNode policy = entry.putObject("policy");
        policy.put("policy-type", "sts");
        ArrayNode strings = policy.putArray("policy-string");
        strings.add("version: STSv1")
                .add("mode: enforce")
                .add("mx: mx." + domain)
                .add("max_age: 604800");
        policy.put("policy-domain", domain);
        if (mxAsString) {
            policy.put("mx-host", "mx." + domain);
        } else {
            policy.putArray("mx-host").add("mx." + domain);
        }
        long failed = failures.stream().mapToLong(Failure::sessions).sum();
        ObjectNode summary = entry.putObject("summary");
        summary.put("total-successful-session-count", ok);
        summary.put("total-failure-session-count", failed);
        if (!failures.isEmpty()) {
            ArrayNode details = entry.putArray("failure-details");
            for (Failure f : failures) {
                ObjectNode d = details.addObject();
                d.put("result-type", f.resultType());
                if (f.sendingMtaIp() != null) {
                    d.put("sending-mta-ip", f.sendingMtaIp());
                }
                d.put("receiving-mx-hostname", f.receivingMx());
                if (f.receivingIp() != null) {
                    d.put("receiving-ip", f.receivingIp());
                }
                d.put("failed-session-count", f.sessions());
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The domain a reporter mails from: the organization's first word, lower-cased, with {@code .com} when it has
     * no dot ({@code Google Inc.} mails from {@code google.com}), so that the From address is one a mail server
     * takes.
     */
    static String senderDomain(String org) {
        String word = org.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9.-]+", 2)[0];
        word = word.replaceAll("^[.-]+|[.-]+$", "");
        return word.contains(".") ? word : word + ".com";
    }

    /**
     * The mail a reporter sends: {@code multipart/report; report-type=tlsrpt}, a text note and the report as
     * {@code <org>!<domain>!<begin>!<end>!<id>.json.gz} ({@code application/tlsrpt+gzip}), or as plain JSON
     * ({@code application/tlsrpt+json}) when {@code gzip} is false.
     */
    public static byte[] mail(
            String org, String reportId, String domain, LocalDate day, String json, String to, boolean gzip) {
        long begin = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String file = org.toLowerCase(java.util.Locale.ROOT) + "!" + domain + "!" + begin + "!" + (begin + 86_399) + "!"
                + reportId.replaceAll("[^A-Za-z0-9._-]", "_") + (gzip ? ".json.gz" : ".json");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String attachment = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(gzip ? ReportBuilder.gzip(body) : body);
        String mail = "From: noreply-smtp-tls-reporting@" + senderDomain(org) + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: Report Domain: " + domain + " Submitter: " + org + " Report-ID: <" + reportId + ">\r\n"
                + "TLS-Report-Domain: " + domain + "\r\n"
                + "TLS-Report-Submitter: " + org + "\r\n"
                + "Message-ID: <" + Integer.toHexString(reportId.hashCode()) + "tls@" + senderDomain(org) + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; boundary=\"tls1\"; report-type=tlsrpt\r\n\r\n"
                + "--tls1\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n\r\n"
                + "This is an aggregate TLS report from " + org + "\r\n\r\n"
                + "--tls1\r\nContent-Type: application/tlsrpt+" + (gzip ? "gzip" : "json") + "; name=\"" + file
                + "\"\r\n"
                + "Content-Disposition: attachment; filename=\"" + file + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + attachment + "\r\n--tls1--\r\n";
        return mail.getBytes(StandardCharsets.US_ASCII);
    }
}
