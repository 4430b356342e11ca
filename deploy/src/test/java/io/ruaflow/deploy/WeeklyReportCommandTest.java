package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.testing.StoreTestData;
import io.ruaflow.store.testing.StoreTestData.Source;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WeeklyReportCommandTest {
    @TempDir
    Path dir;

    String storeUrl;
    final StringWriter err = new StringWriter();

    @BeforeEach
    void load() {
        storeUrl = "duckdb:" + dir.resolve("cli.duckdb");
        try (ReportStore store = ReportStores.open(storeUrl)) {
            for (int i = 0; i < 14; i++) {
                LocalDate day = LocalDate.of(2026, 11, 2).plusDays(i);
                store.write(StoreTestData.report(
                        ReportBuilder.dayHeader("google.com", "r" + i, "example.com", day),
                        Source.passing("192.0.2.1", 100),
                        Source.failing("203.0.113.5", 3)));
            }
        }
    }

    private int run(String... args) {
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void writesTheWeeklyReportInEachFormat() throws Exception {
        Path html = dir.resolve("w.html");
        assertThat(run(
                        "report",
                        "weekly",
                        "--domain",
                        "Example.com",
                        "--week",
                        "2026-W46",
                        "--format",
                        "html",
                        "--out",
                        html.toString(),
                        "--store",
                        storeUrl))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(html))
                .contains("<svg")
                .contains("203.0.113.5")
                .contains("2026-W46");
        assertThat(err.toString()).contains("wrote html weekly report of example.com for 2026-W46");

        Path csv = dir.resolve("w.csv");
        assertThat(run(
                        "report",
                        "weekly",
                        "--domain",
                        "example.com",
                        "--week",
                        "2026-W46",
                        "--format",
                        "csv",
                        "--out",
                        csv.toString(),
                        "--store",
                        storeUrl))
                .isZero();
        assertThat(Files.readString(csv)).contains("messages,721\r\n").contains("previous_week_messages,721\r\n");

        Path json = dir.resolve("w.json");
        assertThat(run(
                        "report",
                        "weekly",
                        "--domain",
                        "example.com",
                        "--week",
                        "2026-W46",
                        "--format",
                        "json",
                        "--out",
                        json.toString(),
                        "--store",
                        storeUrl))
                .isZero();
        assertThat(Files.readString(json)).contains("\"verdict\" : \"at_strictest\"");
    }

    @Test
    void badWeekOrFormatIsExit2AndUnknownDomainExit1() {
        assertThat(run("report", "weekly", "--domain", "example.com", "--week", "2026-46", "--store", storeUrl))
                .isEqualTo(2);
        assertThat(err.toString()).contains("week must look like 2026-W46: 2026-46");
        assertThat(run("report", "weekly", "--domain", "example.com", "--format", "pdf", "--store", storeUrl))
                .isEqualTo(2);
        assertThat(run("report", "weekly", "--domain", "nosuch.example", "--week", "2026-W46", "--store", storeUrl))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no reports for domain nosuch.example");
        assertThat(Files.exists(dir.resolve("w.html"))).isFalse();
    }

    @Test
    void apiRefusesAPublicAddressWithoutAToken() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("RUAFLOW_API_TOKEN") == null);
        assertThat(run("api", "--bind", "0.0.0.0", "--port", "0", "--store", storeUrl))
                .isEqualTo(1);
        assertThat(err.toString()).contains("refusing to listen on 0.0.0.0 without a bearer token");
    }

    @Test
    void mailsTheReportThroughSmtpWithTheCsvAttached() throws Exception {
        GreenMail greenMail = new GreenMail(ServerSetup.dynamicPort(
                new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)}));
        greenMail.start();
        try {
            greenMail.setUser("owner@example.com", "owner", "pw-on-file");
            Path password = Files.writeString(dir.resolve("smtp.pw"), "pw-on-file\n");
            assertThat(run(
                            "report",
                            "weekly",
                            "--domain",
                            "example.com",
                            "--week",
                            "2026-W46",
                            "--store",
                            storeUrl,
                            "--mail-to",
                            "owner@example.com,team@example.com",
                            "--mail-from",
                            "dmarc@example.com",
                            "--smtp",
                            "smtp://127.0.0.1:" + greenMail.getSmtp().getPort(),
                            "--smtp-user",
                            "owner",
                            "--smtp-password-file",
                            password.toString()))
                    .as(err.toString())
                    .isZero();
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(received).hasSize(2);
            assertThat(received[0].getSubject()).startsWith("DMARC weekly report example.com 2026-W46: ");
            MimeMultipart parts = (MimeMultipart) received[0].getContent();
            assertThat(parts.getBodyPart(0).isMimeType("multipart/related"))
                    .as("the page and its PNG chart")
                    .isTrue();
            assertThat(((MimeMultipart) parts.getBodyPart(0).getContent())
                            .getBodyPart(0)
                            .isMimeType("text/html"))
                    .isTrue();
            assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("dmarc-example.com-2026-W46.csv");
            assertThat(err.toString()).contains("mailed the weekly report of example.com for 2026-W46 to");
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void mailOptionsAreCheckedBeforeTheStoreIsOpened() {
        assertThat(run(
                        "report",
                        "weekly",
                        "--domain",
                        "example.com",
                        "--store",
                        storeUrl,
                        "--mail-to",
                        "a@example.com"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--mail-to needs --smtp URL and --mail-from ADDRESS");
    }
}
