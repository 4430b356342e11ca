package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.ruaflow.api.mail.Smtp;
import io.ruaflow.api.weekly.WeeklyMail;
import io.ruaflow.api.weekly.WeeklyReport;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.samples.ZoneDnsServer;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportStore;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weekly report mailed through GreenMail, read back over IMAP, its HTML rendered by headless Chromium. */
class WeeklyMailTest {
    @TempDir
    Path dir;

    @Test
    void weeklyMailCarriesTheHtmlInlineAndTheCsvAttachedAndRendersAdviceAndRecord() throws Exception {
        GreenMail greenMail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
        }));
        greenMail.start();
        try (ZoneDnsServer dns = ZoneDnsServer.start(0);
                ReportStore store = WeeklyReportInChromiumTest.storeWithKnownData(dir);
                DnsPosture checker = new DnsPosture(dns.hostAndPort(), store)) {
            dns.addZoneText("_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc@example.com\"\n");
            greenMail.setUser("owner@example.com", "owner", "secret-pw");
            DomainPosture posture =
                    checker.check("example.com", new DateRange(LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 15)));
            WeeklyReport report = WeeklyReport.fromData(store.weekly("example.com", "2026-W46"), posture, checker);
            assertThat(report.readiness().nextRecord()).isNotNull();

            Smtp smtp = Smtp.parse(
                    "smtp://127.0.0.1:" + greenMail.getSmtp().getPort(), "owner", "secret-pw", "dmarc@example.com");
            assertThat(smtp.security()).isEqualTo(Smtp.Security.NONE);
            smtp.send(WeeklyMail.compose(
                    smtp.session(),
                    report,
                    new InternetAddress("dmarc@example.com"),
                    List.of(new InternetAddress("owner@example.com")),
                    Instant.parse("2026-11-16T07:00:00Z")));

            Properties props = new Properties();
            Session imap = Session.getInstance(props);
            try (Store mailbox = imap.getStore("imap")) {
                mailbox.connect("127.0.0.1", greenMail.getImap().getPort(), "owner", "secret-pw");
                Folder inbox = mailbox.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertThat(inbox.getMessageCount()).isEqualTo(1);
                Message message = inbox.getMessage(1);
                assertThat(message.getSubject()).isEqualTo("DMARC weekly report example.com 2026-W46: ready");
                Multipart parts = (Multipart) message.getContent();
                Part page = parts.getBodyPart(0);
                Part csv = parts.getBodyPart(1);
                assertThat(page.isMimeType("multipart/related")).isTrue();
                Multipart related = (Multipart) page.getContent();
                Part html = related.getBodyPart(0);
                assertThat(html.isMimeType("text/html")).isTrue();
                jakarta.mail.internet.MimeBodyPart png = (jakarta.mail.internet.MimeBodyPart) related.getBodyPart(1);
                assertThat(png.isMimeType("image/png")).isTrue();
                assertThat(png.getContentID()).isEqualTo("<" + WeeklyMail.CHART_CID + ">");
                java.awt.image.BufferedImage chart;
                try (InputStream in = png.getInputStream()) {
                    chart = javax.imageio.ImageIO.read(in);
                }
                assertThat(chart.getWidth()).isEqualTo(700);
                assertThat(chart.getHeight()).isEqualTo(240);
                assertThat(distinctColours(chart))
                        .as("bars, grid and text, not a blank image")
                        .isGreaterThan(3);
                assertThat(Part.ATTACHMENT).isEqualToIgnoringCase(csv.getDisposition());
                assertThat(csv.getFileName()).isEqualTo("dmarc-example.com-2026-W46.csv");
                String csvText;
                try (InputStream in = csv.getInputStream()) {
                    csvText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                assertThat(csvText)
                        .contains("section,advice")
                        .contains("next_record")
                        .contains("section,tls\r\nkey,value\r\nreports,2\r\nsuccessful_sessions,"
                                + WeeklyReportInChromiumTest.TLS_OK + "\r\nfailed_sessions,"
                                + WeeklyReportInChromiumTest.TLS_FAILED + "\r\n")
                        .contains("section,failure_report_sources")
                        .contains("redacted@example.com")
                        .doesNotContain("service@example.com");
                String text = (String) html.getContent();
                assertThat(text).doesNotContain("<script").doesNotContain("<link");
                assertThat(text)
                        .contains("<!--[if mso]><img src=\"cid:" + WeeklyMail.CHART_CID + "\"")
                        .contains("<!--[if !mso]><!-->");
                inbox.close(false);

                Chromium.assumeInstalled();
                Path file = dir.resolve("weekly-mail.html");
                Files.writeString(file, text, StandardCharsets.UTF_8);
                Chromium.Run dom = Chromium.run(dir, "--dump-dom", file.toUri().toString());
                assertThat(dom.out())
                        .contains("What to do")
                        .contains("Publish this record for the next step")
                        .contains("_dmarc.example.com. IN TXT \"v=DMARC1; p=quarantine;"
                                + " rua=mailto:dmarc@example.com\"");
                assertThat(dom.out())
                        .containsAnyOf("likely spoofing", "configure a custom return path", "add include:");
                WeeklyReportInChromiumTest.assertMailboxSections(dom.out());
            }
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void smtpUrlsAreCheckedAtTheEdge() {
        assertThat(Smtp.parse("smtps://mail.example.com", null, null, "d@example.com")
                        .port())
                .isEqualTo(Smtp.SMTPS_PORT);
        assertThat(Smtp.parse("smtp://mail.example.com", null, null, "d@example.com")
                        .security())
                .isEqualTo(Smtp.Security.STARTTLS);
        assertThatThrownBy(() -> Smtp.parse("smtp://u:p@mail.example.com", null, null, "d@example.com"))
                .hasMessage("SMTP URL must not carry a user or password: mail.example.com");
        assertThatThrownBy(() -> Smtp.parse("http://mail.example.com", null, null, "d@example.com"))
                .hasMessageContaining("SMTP URL must look like smtp://");
        assertThatThrownBy(() -> Smtp.parse("smtp://mail.example.com", null, null, "nobody"))
                .hasMessageContaining("a sender address is needed");
    }

    private static int distinctColours(java.awt.image.BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
