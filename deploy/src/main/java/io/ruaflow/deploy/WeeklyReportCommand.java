package io.ruaflow.deploy;

import io.ruaflow.api.mail.Smtp;
import io.ruaflow.api.weekly.IsoWeek;
import io.ruaflow.api.weekly.WeeklyMail;
import io.ruaflow.api.weekly.WeeklyReport;
import io.ruaflow.api.weekly.WeeklyReportFormat;
import io.ruaflow.enricher.DnsSettings;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreNotFoundException;
import io.ruaflow.store.StoreUnavailableException;
import io.ruaflow.store.WeeklyData;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ruaflow report weekly}: one domain's weekly compliance report as HTML, CSV or JSON. */
@Command(
        name = "weekly",
        mixinStandardHelpOptions = true,
        description = {
            "Write the weekly compliance report of one domain: volume and its change, DMARC/SPF/DKIM rates,"
                    + " dispositions, top and failing sources with reasons, new sources, reporters, and whether the"
                    + " domain is ready for a stricter policy.",
            "HTML is a self-contained page fit to mail; CSV has one section per table; JSON has every number."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:report written",
            "1:the store has no reports for the domain (the known ones are listed), no such store, the store or"
                    + " output failed, or the mail could not be sent",
            "2:invalid command line (bad week or format, bad mail options)"
        })
final class WeeklyReportCommand implements Callable<Integer> {
    @Option(
            names = "--domain",
            required = true,
            paramLabel = "DOMAIN",
            description = "Policy domain, e.g. example.com.")
    String domain;

    @Option(
            names = "--week",
            paramLabel = "WEEK",
            description = "ISO week like 2026-W46; default the last complete week (UTC).")
    String week;

    @Option(
            names = "--format",
            defaultValue = "html",
            paramLabel = "FORMAT",
            description = "html, csv or json; default ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "File to write (replaced atomically); default standard output.")
    Path out;

    @Mixin
    StoreOptions store;

    @Option(
            names = "--posture",
            description = "Also check the domain's DNS records live: adds the posture findings, SPF lookup counts in"
                    + " the advice, and the exact DMARC record to publish when the domain is ready for the next step.")
    boolean posture;

    @Option(
            names = "--dns",
            paramLabel = "HOST:PORT",
            description = "With --posture: ask this DNS server instead of the system's resolvers.")
    String dns;

    @Option(
            names = "--mail-to",
            split = ",",
            paramLabel = "ADDRESS",
            description = "Mail the report (HTML inline, CSV attached) to these addresses instead of writing it;"
                    + " needs --smtp and --mail-from.")
    List<String> mailTo = new ArrayList<>();

    @Option(
            names = "--smtp",
            paramLabel = "URL",
            description = "smtps://HOST[:465] (TLS) or smtp://HOST[:587] (STARTTLS required unless loopback).")
    String smtp;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "SMTP user (auth only when given).")
    String smtpUser;

    @Option(
            names = "--smtp-password-file",
            paramLabel = "FILE",
            description = "File holding the SMTP password (default: $" + SMTP_PASSWORD_ENV
                    + "). Never pass a password on the command line.")
    Path smtpPasswordFile;

    @Option(names = "--mail-from", paramLabel = "ADDRESS", description = "Sender address of the mail.")
    String mailFrom;

    static final String SMTP_PASSWORD_ENV = WeeklyMailWiring.SMTP_PASSWORD_ENV;

    @Spec
    CommandSpec spec;

    private Smtp server;

    private Smtp smtp() {
        if (smtp == null || mailFrom == null) {
            throw new IllegalArgumentException("--mail-to needs --smtp URL and --mail-from ADDRESS");
        }
        String password = System.getenv(SMTP_PASSWORD_ENV);
        if (smtpPasswordFile != null) {
            try {
                password = Files.readString(smtpPasswordFile, StandardCharsets.UTF_8)
                        .strip();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read --smtp-password-file " + smtpPasswordFile + ": " + e.getMessage(), e);
            }
        }
        return Smtp.parse(smtp, smtpUser, password, mailFrom);
    }

    private int mail(WeeklyReport report, PrintWriter err) {
        try {
            List<InternetAddress> to = new ArrayList<>();
            for (String address : mailTo) {
                to.add(new InternetAddress(address.trim(), true));
            }
            server.send(WeeklyMail.compose(
                    server.session(), report, new InternetAddress(mailFrom, true), to, Instant.now()));
        } catch (MessagingException e) {
            err.println("ruaflow report weekly: " + e.getMessage());
            return 1;
        }
        err.println("mailed the weekly report of " + report.domain() + " for " + report.week() + " to "
                + String.join(", ", mailTo) + " through " + server + ": "
                + report.readiness().summary());
        return 0;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        IsoWeek isoWeek;
        WeeklyReportFormat reportFormat;
        try {
            isoWeek = week == null
                    ? IsoWeek.containing(LocalDate.now(ZoneOffset.UTC)).previous()
                    : IsoWeek.parse(week);
            reportFormat = WeeklyReportFormat.fromName(format);
        } catch (IllegalArgumentException e) {
            err.println("ruaflow report weekly: " + e.getMessage());
            return 2;
        }
        Smtp server = null;
        if (!mailTo.isEmpty()) {
            try {
                server = smtp();
            } catch (IllegalArgumentException | UncheckedIOException e) {
                err.println("ruaflow report weekly: " + e.getMessage());
                return 2;
            }
        }
        this.server = server;
        String name = domain.trim().toLowerCase(Locale.ROOT);
        try (ReportStore reportStore = store.openExisting()) {
            StoreCoverage coverage = new StoreCoverage(reportStore.storedDomains());
            if (!coverage.knows(name)) {
                err.println("ruaflow report weekly: " + coverage.unknownDomain(name, reportStore.describe()));
                return 1;
            }
            WeeklyData data = reportStore.weekly(name, isoWeek.toString());
            if (data.thisWeek().messages() == 0) {
                err.println("ruaflow report weekly: "
                        + coverage.emptyAnswer("messages", name, new DateRange(isoWeek.monday(), isoWeek.sunday())));
                err.flush();
            }
            WeeklyReport report;
            if (posture) {
                DnsSettings settings = DnsSettings.systemDefaultOr(dns);
                try (LivePosture checker = LivePosture.withDns(settings, reportStore)) {
                    report = WeeklyReport.fromData(
                            data, checker.check(name, new DateRange(isoWeek.monday(), isoWeek.sunday())), checker);
                }
            } else {
                report = WeeklyReport.fromData(data);
            }
            if (!mailTo.isEmpty()) {
                return mail(report, err);
            }
            if (out == null) {
                OutputStream stdout = System.out;
                reportFormat.write(report, stdout);
                stdout.flush();
            } else {
                Path target = out.toAbsolutePath();
                Path tmp = Files.createTempFile(target.getParent(), ".weekly-", ".tmp");
                try {
                    try (OutputStream file = Files.newOutputStream(tmp)) {
                        reportFormat.write(report, file);
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                err.println("wrote " + reportFormat + " weekly report of " + name + " for " + isoWeek + " to " + out
                        + ": " + report.readiness().summary());
            }
            return 0;
        } catch (IllegalArgumentException
                | StoreNotFoundException
                | StoreLockedException
                | StoreUnavailableException
                | IllegalStateException e) {
            err.println("ruaflow report weekly: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("ruaflow report weekly: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
    }
}
