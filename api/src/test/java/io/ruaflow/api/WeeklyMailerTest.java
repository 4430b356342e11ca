package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.ruaflow.api.mail.Smtp;
import io.ruaflow.api.weekly.WeeklyMailer;
import io.ruaflow.api.weekly.WeeklySchedule;
import io.ruaflow.samples.ZoneDnsServer;
import io.ruaflow.store.ReportStore;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduled weekly mail: due one second after the (fixed) clock, it arrives in GreenMail. */
class WeeklyMailerTest {
    @TempDir
    Path dir;

    @Test
    void scheduledWeeklyMailArrivesWithAdviceAndTheRecordToPublish() throws Exception {
        GreenMail greenMail = new GreenMail(ServerSetup.dynamicPort(
                new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)}));
        greenMail.start();
        Clock mondayMorning = Clock.fixed(Instant.parse("2026-11-16T05:59:59Z"), ZoneOffset.UTC);
        try (ZoneDnsServer dns = ZoneDnsServer.start(0);
                ReportStore store = WeeklyReportInChromiumTest.storeWithKnownData(dir);
                DnsPosture checker = new DnsPosture(dns.hostAndPort(), store);
                WeeklyMailer mailer = new WeeklyMailer(
                        store,
                        checker,
                        Smtp.parse("smtp://127.0.0.1:" + greenMail.getSmtp().getPort(), null, null, "d@example.com"),
                        WeeklyMailer.parseRecipients("example.com: owner@example.com"),
                        WeeklySchedule.parse("MON 07:00", "Europe/Berlin"),
                        mondayMorning)) {
            dns.addZoneText("_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc@example.com\"\n");
            assertThat(mailer.start()).isEqualTo(Instant.parse("2026-11-16T06:00:00Z"));
            assertThat(greenMail.waitForIncomingEmail(60_000, 1)).isTrue();
            MimeMessage mail = greenMail.getReceivedMessages()[0];
            assertThat(mail.getSubject()).isEqualTo("DMARC weekly report example.com 2026-W46: ready");
            MimeMultipart page = (MimeMultipart)
                    ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent();
            String html = (String) page.getBodyPart(0).getContent();
            assertThat(html)
                    .contains("What to do")
                    .contains(
                            "_dmarc.example.com. IN TXT &quot;v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com&quot;");
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void recipientsAreReadPerDomain() {
        assertThat(WeeklyMailer.parseRecipients("Example.com: a@example.com b@example.com; other.org:c@other.org"))
                .containsOnlyKeys("example.com", "other.org")
                .satisfies(map -> assertThat(map.get("example.com")).hasSize(2));
        assertThatThrownBy(() -> WeeklyMailer.parseRecipients("a@example.com"))
                .hasMessageContaining("recipients must look like");
        assertThatThrownBy(() -> WeeklyMailer.parseRecipients("example.com: not an address"))
                .hasMessageContaining("not a mail address for example.com");
    }
}
