package io.ruaflow.ingest.source;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * Decides cheaply whether raw input may hold a report, so that bounces and newsletters go to {@code invalid} without
 * reaching the parser: an archive or XML document is a candidate; a mail is one when some part is an archive or
 * XML by content type or file name. Reads only MIME headers, never decodes bodies. A false positive costs a DLQ
 * entry, a false negative a mail in {@code invalid}, so anything unclear counts as a candidate.
 */
public final class ReportSniffer {
    /** Deepest multipart nesting looked into. */
    static final int MAX_MIME_DEPTH = 8;

    private static final Session SESSION = Session.getInstance(new Properties());

    private ReportSniffer() {}

    public static boolean mayHoldReport(byte[] raw) {
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            return true; // gzip
        }
        if (raw.length >= 4 && raw[0] == 'P' && raw[1] == 'K' && raw[2] == 3 && raw[3] == 4) {
            return true; // zip
        }
        String head = new String(raw, 0, Math.min(raw.length, 512), StandardCharsets.ISO_8859_1)
                .stripLeading()
                .replace("\uFEFF", "");
        if (head.startsWith("<?xml") || head.startsWith("<feedback") || head.startsWith("ï»¿<")) {
            return true;
        }
        try {
            MimeMessage mail = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            if (mail.getHeader("Content-Type") == null && mail.getHeader("From") == null) {
                return true; // not a mail either: let the parser say what it is
            }
            return hasReportPart(mail, 0);
        } catch (MessagingException | IOException e) {
            return true;
        }
    }

    private static boolean hasReportPart(Part part, int depth) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            if (depth >= MAX_MIME_DEPTH) {
                return true;
            }
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (hasReportPart(child, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        String type = part.getContentType() == null ? "" : part.getContentType().toLowerCase(Locale.ROOT);
        String file = fileName(part);
        return type.contains("zip")
                || type.contains("gzip")
                || type.startsWith("application/xml")
                || type.startsWith("text/xml")
                || type.contains("compressed")
                || file.endsWith(".xml")
                || file.endsWith(".gz")
                || file.endsWith(".zip")
                || file.endsWith(".xml.gz");
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? "" : name.toLowerCase(Locale.ROOT).trim();
        } catch (MessagingException e) {
            return "";
        }
    }
}
