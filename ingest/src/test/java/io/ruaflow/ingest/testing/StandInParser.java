package io.ruaflow.ingest.testing;

import io.ruaflow.ingest.RawParser;
import io.ruaflow.parser.DkimAuthResult;
import io.ruaflow.parser.PolicyPublished;
import io.ruaflow.parser.ReportHandler;
import io.ruaflow.parser.ReportHeader;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportRecord;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.parser.ReportSchema;
import io.ruaflow.parser.ReportSource;
import io.ruaflow.parser.ReportUid;
import io.ruaflow.parser.SpfAuthResult;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads exactly what {@link TinyReports} writes (XML, gzip, or a mail with a gzip attachment), so the pipeline's
 * own tests do not wait for the real parser; pipeline tests that must see real parsing use
 * {@code io.ruaflow.parser.ReportParser}. Anything else is rejected.
 */
public final class StandInParser implements RawParser {
    private static final Pattern RECORD = Pattern.compile("<record>.*?</record>", Pattern.DOTALL);

    @Override
    public int parse(ReportInput input, ReportHandler handler) throws ReportRejectedException, IOException {
        byte[] raw;
        try (InputStream in = input.open()) {
            raw = in.readAllBytes();
        }
        String sha = ReportUid.sha256Hex(raw);
        String xml = xmlOf(input.name(), raw);
        if (!xml.contains("<feedback>")) {
            throw new ReportRejectedException(input.name(), "not a DMARC aggregate report: no <feedback> element");
        }
        String org = tag(xml, "org_name");
        String reportId = tag(xml, "report_id");
        String domain = tag(xml, "domain");
        if (org == null || reportId == null || domain == null) {
            throw new ReportRejectedException(input.name(), "report_metadata lacks org_name, report_id or domain");
        }
        ReportHeader header = new ReportHeader(
                ReportUid.of(org, reportId, domain),
                org,
                tag(xml, "email"),
                null,
                reportId,
                Instant.ofEpochSecond(Long.parseLong(tag(xml, "begin"))),
                Instant.ofEpochSecond(Long.parseLong(tag(xml, "end"))),
                List.of(),
                null,
                ReportSchema.RFC7489,
                new PolicyPublished(domain, "none", "none", null, "r", "r", 100, null, null, null),
                new ReportSource(input.name(), sha));
        handler.header(header);
        long records = 0;
        long messages = 0;
        Matcher matcher = RECORD.matcher(xml);
        while (matcher.find()) {
            String record = matcher.group();
            long count = Long.parseLong(tag(record, "count"));
            handler.record(new ReportRecord(
                    tag(record, "source_ip"),
                    count,
                    "none",
                    "pass",
                    "pass",
                    List.of(),
                    null,
                    null,
                    tag(record, "header_from"),
                    List.of(new DkimAuthResult(domain, "s1", "pass", null)),
                    List.of(new SpfAuthResult(domain, "mfrom", "pass", null))));
            records++;
            messages += count;
        }
        handler.end(header, records, messages, List.of());
        return 1;
    }

    private static String xmlOf(String name, byte[] raw) throws ReportRejectedException, IOException {
        if (raw.length > 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            return gunzip(raw);
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        if (text.startsWith("<?xml") || text.startsWith("<feedback")) {
            return text;
        }
        try {
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            if (mail.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    if (part.getContentType().startsWith("application/gzip")) {
                        try (InputStream in = part.getInputStream()) {
                            return gunzip(in.readAllBytes());
                        }
                    }
                }
            }
        } catch (MessagingException e) {
            throw new ReportRejectedException(name, "unreadable mail: " + e.getMessage());
        }
        throw new ReportRejectedException(name, "no report attachment");
    }

    private static String gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String tag(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        if (start < 0) {
            return null;
        }
        int end = xml.indexOf("</" + name + ">", start);
        return xml.substring(start + name.length() + 2, end).trim();
    }
}
