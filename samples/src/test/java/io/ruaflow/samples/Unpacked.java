package io.ruaflow.samples;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Test helper: undoes a report's packaging by hand (no parser module) and reads the XML with DOM. */
final class Unpacked {
    final Map<String, String> mailHeaders = new LinkedHashMap<>();
    String zipEntryName;
    String attachmentContentType;
    byte[] xml;

    static Unpacked of(byte[] bytes) throws IOException {
        Unpacked u = new Unpacked();
        u.xml = u.unpack(bytes);
        return u;
    }

    private byte[] unpack(byte[] bytes) throws IOException {
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return in.readAllBytes();
            }
        }
        if (bytes.length > 2 && bytes[0] == 'P' && bytes[1] == 'K') {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                ZipEntry entry = zip.getNextEntry();
                zipEntryName = entry.getName();
                byte[] xml = zip.readAllBytes();
                if (zip.getNextEntry() != null) throw new IOException("more than one zip entry");
                return xml;
            }
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.startsWith("<?xml")) return bytes;
        int headerEnd = text.indexOf("\r\n\r\n");
        for (String line : text.substring(0, headerEnd).split("\r\n")) {
            int colon = line.indexOf(':');
            mailHeaders.put(line.substring(0, colon), line.substring(colon + 2));
        }
        String marker = "Content-Transfer-Encoding: base64\r\n\r\n";
        int start = text.indexOf(marker) + marker.length();
        int typeAt = text.lastIndexOf("Content-Type: ", start);
        attachmentContentType = text.substring(typeAt + 14, text.indexOf(';', typeAt));
        int end = text.indexOf("\r\n--", start);
        if (end < 0) {
            end = text.length(); // a single-part mail: the archive is the whole body
        }
        return unpack(Base64.getMimeDecoder().decode(text.substring(start, end)));
    }

    Document document() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }
}
