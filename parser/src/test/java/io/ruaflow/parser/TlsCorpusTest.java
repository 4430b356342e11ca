package io.ruaflow.parser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every SMTP TLS report of the shared corpus parses, and its counts and key fields match what a plain JSON tree of
 * the same file says (the mail's attachment found and gunzipped here with the JDK and Jakarta Mail, not the parser).
 */
class TlsCorpusTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private final ReportParser parser = new ReportParser();

    @TestFactory
    Stream<DynamicTest> everyTlsSampleParsesToWhatItsJsonSays() throws IOException {
        Path dir = CorpusTest.corpusDir().resolve("smtp_tls");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private void check(Path file) throws Exception {
        JsonNode want = PLAIN.readTree(independentJson(file));
        List<WholeReport> reports = parser.parseWhole(ReportInput.ofFile(file));
        assertThat(reports).hasSize(1);
        TlsReport got = (TlsReport) reports.get(0);
        assertThat(got.kind()).isEqualTo(ReportKind.SMTP_TLS);
        assertThat(got.reportId()).isEqualTo(want.get("report-id").asText());
        assertThat(got.organizationName())
                .isEqualTo(want.get("organization-name").asText());
        assertThat(got.contactInfo()).isEqualTo(want.path("contact-info").asText(null));
        assertThat(got.begin().toString())
                .isEqualTo(want.get("date-range").get("start-datetime").asText());
        assertThat(got.end().toString())
                .isEqualTo(want.get("date-range").get("end-datetime").asText());
        assertThat(got.reportUid()).isEqualTo(TlsReport.uidOf(got.organizationName(), got.reportId()));
        assertThat(got.source().file()).isEqualTo(file.toString());
        JsonNode policies = want.get("policies");
        assertThat(got.policies()).hasSize(policies.size());
        long detailSessions = 0;
        for (int i = 0; i < policies.size(); i++) {
            JsonNode p = policies.get(i);
            TlsPolicy policy = got.policies().get(i);
            assertThat(policy.policyType())
                    .isEqualTo(p.get("policy").get("policy-type").asText());
            assertThat(policy.policyDomain())
                    .isEqualTo(p.get("policy").get("policy-domain").asText());
            assertThat(policy.policyStrings())
                    .hasSize(p.get("policy").path("policy-string").size());
            JsonNode mx = p.get("policy").get("mx-host");
            assertThat(policy.mxHosts()).hasSize(mx == null ? 0 : mx.isArray() ? mx.size() : 1);
            assertThat(policy.successfulSessions())
                    .isEqualTo(p.get("summary")
                            .get("total-successful-session-count")
                            .asLong());
            assertThat(policy.failedSessions())
                    .isEqualTo(
                            p.get("summary").get("total-failure-session-count").asLong());
            JsonNode details = p.path("failure-details");
            assertThat(policy.failureDetails()).hasSize(details.size());
            for (int d = 0; d < details.size(); d++) {
                JsonNode w = details.get(d);
                TlsFailureDetail detail = policy.failureDetails().get(d);
                assertThat(detail.resultType()).isEqualTo(w.get("result-type").asText());
                assertThat(detail.failedSessionCount())
                        .isEqualTo(w.get("failed-session-count").asLong());
                assertThat(detail.sendingMtaIp())
                        .isEqualTo(w.path("sending-mta-ip").asText(null));
                assertThat(detail.receivingIp())
                        .isEqualTo(w.path("receiving-ip").asText(null));
                assertThat(detail.receivingMxHostname())
                        .isEqualTo(w.path("receiving-mx-hostname").asText(null));
                assertThat(detail.failureReasonCode())
                        .isEqualTo(w.path("failure-reason-code").asText(null));
                assertThat(detail.additionalInformation())
                        .isEqualTo(w.path("additional-information").asText(null));
                detailSessions += w.get("failed-session-count").asLong();
            }
            if (detailSessions > policy.failedSessions()) {
                // mail.ru: two details of one failed session each under a summary of one: kept, with a warning
                assertThat(got.warnings()).anyMatch(x -> x.contains("summary says " + policy.failedSessions()));
            }
        }
    }

    /** The report JSON of a corpus file: the file itself, or a mail's tlsrpt attachment, gunzipped. */
    private static byte[] independentJson(Path file) throws Exception {
        if (!file.toString().endsWith(".eml")) {
            return Files.readAllBytes(file);
        }
        MimeMessage mail;
        try (InputStream in = Files.newInputStream(file)) {
            mail = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        List<byte[]> found = new ArrayList<>();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getContentType().startsWith("application/tlsrpt+gzip")) {
                try (InputStream in = new GZIPInputStream(part.getInputStream())) {
                    found.add(in.readAllBytes());
                }
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
