package io.ruaflow.samples;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Wraps a report's XML in gzip, zip or a mail, streaming: the XML is written straight through the compressor (and
 * the base64 encoder for mail). Output depends only on the report, never on the clock or the time zone.
 */
final class Packager {
    /** Writes XML to the stream it is given; the stream must not be closed by the body. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final DateTimeFormatter MAIL_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
    private static final byte[] CRLF = {'\r', '\n'};

    private Packager() {}

    static void write(SampleReport report, Body xml, OutputStream out) throws IOException {
        switch (report.packaging()) {
            case XML -> xml.writeTo(out);
            case GZIP -> gzip(xml, out);
            case ZIP -> zip(report, xml, out);
            case EML -> mail(report, xml, out);
        }
        out.flush();
    }

    private static void gzip(Body xml, OutputStream out) throws IOException {
        // GZIPOutputStream writes a fixed header (no name, mtime 0), so the bytes depend only on the input.
        GZIPOutputStream gz = new GZIPOutputStream(new Unclosable(out), 1 << 16);
        xml.writeTo(gz);
        gz.close();
    }

    private static void zip(SampleReport report, Body xml, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new Unclosable(out), StandardCharsets.UTF_8);
        ZipEntry entry = new ZipEntry(report.stem() + ".xml");
        entry.setTimeLocal(LocalDateTime.ofEpochSecond(report.end().getEpochSecond() + 1, 0, ZoneOffset.UTC));
        zip.putNextEntry(entry);
        xml.writeTo(zip);
        zip.closeEntry();
        zip.close();
    }

    private static void mail(SampleReport report, Body xml, OutputStream out) throws IOException {
        ReporterStyle style = report.reporter();
        String boundary =
                "----=_Part_" + hash(report.reportId()) + "_" + report.begin().getEpochSecond();
        String attachment = report.attachmentName();
        String contentType = style.zips() ? "application/zip" : "application/gzip";
        long sent = report.end().getEpochSecond() + 3_600 + Math.floorMod(report.recordSeed(), 7_200);
        StringBuilder h = new StringBuilder();
        header(h, "Return-Path", "<" + style.email() + ">");
        header(h, "Date", MAIL_DATE.format(java.time.Instant.ofEpochSecond(sent).atOffset(ZoneOffset.UTC)));
        header(
                h,
                "From",
                style.orgName().contains(" ") ? "\"" + style.orgName() + "\" <" + style.email() + ">" : style.email());
        header(h, "To", SampleWorld.RUA_ADDRESS);
        header(h, "Subject", report.subject());
        header(
                h,
                "Message-ID",
                "<" + hash(report.reportId() + report.policy().domain()) + "@" + style.submitter() + ">");
        header(h, "MIME-Version", "1.0");
        header(h, "Content-Type", "multipart/mixed; boundary=\"" + boundary + "\"");
        h.append("\r\n");
        h.append("This is a multi-part message in MIME format.\r\n\r\n");
        h.append("--").append(boundary).append("\r\n");
        h.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
        h.append("This is an aggregate report from ").append(style.submitter()).append(".\r\n");
        h.append("Report domain: ").append(report.policy().domain()).append("\r\n\r\n");
        h.append("--").append(boundary).append("\r\n");
        h.append("Content-Type: ")
                .append(contentType)
                .append("; name=\"")
                .append(attachment)
                .append("\"\r\n");
        h.append("Content-Disposition: attachment; filename=\"")
                .append(attachment)
                .append("\"\r\n");
        h.append("Content-Transfer-Encoding: base64\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        OutputStream base64 = Base64.getMimeEncoder(76, CRLF).wrap(new Unclosable(out));
        if (style.zips()) {
            zip(report, xml, base64);
        } else {
            gzip(xml, base64);
        }
        base64.close();
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void header(StringBuilder b, String name, String value) {
        b.append(name).append(": ").append(value).append("\r\n");
    }

    private static String hash(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Lets a compressor be finished and closed without closing the caller's stream. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
