package io.ruaflow.parser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small well-formed reports to bend into each deviation, and packaging helpers. */
final class TestReports {
    static final String CLEAN =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <feedback>
              <version>1.0</version>
              <report_metadata>
                <org_name>example.net</org_name>
                <email>dmarc@example.net</email>
                <report_id>r-1</report_id>
                <date_range><begin>1700000000</begin><end>1700086399</end></date_range>
              </report_metadata>
              <policy_published>
                <domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct>
              </policy_published>
              <record>
                <row>
                  <source_ip>192.0.2.1</source_ip><count>3</count>
                  <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated>
                </row>
                <identifiers><envelope_from>example.com</envelope_from><header_from>example.com</header_from></identifiers>
                <auth_results>
                  <dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>
                  <spf><domain>example.com</domain><scope>mfrom</scope><result>pass</result></spf>
                </auth_results>
              </record>
            </feedback>
            """;

    private TestReports() {}

    static String clean(String from, String to) {
        if (!CLEAN.contains(from)) {
            throw new IllegalArgumentException("not in the clean report: " + from);
        }
        return CLEAN.replace(from, to);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] zip(String name, byte[] data) {
        return zip(List.of(name), List.of(data));
    }

    static byte[] zip(List<String> names, List<byte[]> contents) {
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

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }
}
