package io.ruaflow.deploy;

import io.ruaflow.api.weekly.IsoWeek;
import io.ruaflow.api.weekly.WeeklyReport;
import io.ruaflow.api.weekly.WeeklyReportFormat;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreNotFoundException;
import io.ruaflow.store.StoreUnavailableException;
import io.ruaflow.store.StoreUrl;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
            "1:the store has no reports for the domain (the known ones are listed), no such store, or the store or"
                    + " output failed",
            "2:invalid command line (bad week or format)"
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

    @Option(
            names = "--store",
            paramLabel = "URL",
            defaultValue = "${env:RUAFLOW_STORE_URL:-duckdb:ruaflow.duckdb}",
            description = "duckdb:PATH or clickhouse://HOST:8123/DATABASE (env RUAFLOW_STORE_URL; default"
                    + " ${DEFAULT-VALUE}).")
    String store;

    @Spec
    CommandSpec spec;

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
        String name = domain.trim().toLowerCase(Locale.ROOT);
        try (ReportStore reportStore = ReportStores.openExisting(StoreUrl.parse(store))) {
            StoreCoverage coverage = new StoreCoverage(reportStore.storedDomains());
            if (!coverage.knows(name)) {
                err.println("ruaflow report weekly: " + coverage.unknownDomain(name, reportStore.describe()));
                return 1;
            }
            WeeklyReport report = WeeklyReport.fromData(reportStore.weekly(name, isoWeek.toString()));
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
