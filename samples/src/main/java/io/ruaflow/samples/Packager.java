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
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
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
    private static final DateTimeFormatter MICROSOFT_NOTE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

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

    /**
     * Gzip as Mimecast writes it: the header names the file (FNAME), and two stray bytes (CR LF) follow the end of
     * the stream. Modification time 0, so the bytes depend only on the input.
     */
    private static void namedGzipWithTrailingBytes(String name, Body xml, OutputStream out) throws IOException {
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 8, 0, 0, 0, 0, 0, (byte) 0xff});
        out.write(name.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        CRC32 crc = new CRC32();
        long[] size = {0};
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        DeflaterOutputStream deflate = new DeflaterOutputStream(new Unclosable(out), deflater, 1 << 16);
        xml.writeTo(new FilterOutputStream(deflate) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                crc.update(b, off, len);
                size[0] += len;
                deflate.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        });
        deflate.finish();
        deflate.flush();
        deflater.end();
        writeIntLe(out, crc.getValue());
        writeIntLe(out, size[0]);
        out.write(CRLF);
    }

    private static void writeIntLe(OutputStream out, long value) throws IOException {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
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
        switch (style.mailShape()) {
            case SINGLE_PART -> attachmentHeaders(h, contentType, attachment);
            case TEXT_AND_ATTACHMENT -> {
                header(h, "Content-Type", "multipart/mixed; boundary=\"" + boundary + "\"");
                h.append("\r\n");
                h.append("This is a multi-part message in MIME format.\r\n\r\n");
                h.append("--").append(boundary).append("\r\n");
                h.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
                h.append("This is an aggregate report from ")
                        .append(style.submitter())
                        .append(".\r\n");
                h.append("Report domain: ").append(report.policy().domain()).append("\r\n\r\n");
                h.append("--").append(boundary).append("\r\n");
                attachmentHeaders(h, contentType, attachment);
            }
            case NESTED_HTML_AND_ATTACHMENT -> {
                String related = boundary + "_related";
                String alternative = boundary + "_alternative";
                header(h, "Content-Type", "multipart/mixed; boundary=\"" + boundary + "\"");
                h.append("\r\n");
                h.append("--").append(boundary).append("\r\n");
                h.append("Content-Type: multipart/related; boundary=\"")
                        .append(related)
                        .append("\"; type=\"multipart/alternative\"\r\n\r\n");
                h.append("--").append(related).append("\r\n");
                h.append("Content-Type: multipart/alternative; boundary=\"")
                        .append(alternative)
                        .append("\"\r\n\r\n");
                h.append("--").append(alternative).append("\r\n");
                h.append("Content-Type: text/html; charset=\"us-ascii\"\r\n");
                h.append("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
                h.append("<meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charset=3Dus-ascii\">\r\n");
                h.append("<div style=3D\"font-family:Segoe UI; font-size:14px;\">This is a DMARC aggregate report"
                        + " from Microsoft Corporation. For Emails received between ");
                h.append(MICROSOFT_NOTE_TIME.format(report.begin())).append(" UTC to ");
                h.append(MICROSOFT_NOTE_TIME.format(report.end().plusSeconds(1)))
                        .append(" UTC.</div>\r\n");
                h.append("--").append(alternative).append("--\r\n\r\n");
                h.append("--").append(related).append("--\r\n\r\n");
                h.append("--").append(boundary).append("\r\n");
                attachmentHeaders(h, contentType, attachment);
            }
        }
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        OutputStream base64 = Base64.getMimeEncoder(76, CRLF).wrap(new Unclosable(out));
        if (style.zips()) {
            zip(report, xml, base64);
        } else if (style.oddGzip()) {
            namedGzipWithTrailingBytes(report.stem() + ".xml", xml, base64);
        } else {
            gzip(xml, base64);
        }
        base64.close();
        if (style.mailShape() == ReporterStyle.MailShape.SINGLE_PART) {
            out.write(CRLF);
        } else {
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The headers of the base64 part that holds the archive (the whole mail's, for a single-part mail). */
    private static void attachmentHeaders(StringBuilder h, String contentType, String attachment) {
        header(h, "Content-Type", contentType + "; name=\"" + attachment + "\"");
        header(h, "Content-Disposition", "attachment; filename=\"" + attachment + "\"");
        header(h, "Content-Transfer-Encoding", "base64");
        h.append("\r\n");
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
