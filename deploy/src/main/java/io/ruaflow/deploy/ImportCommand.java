package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.Enricher;
import io.ruaflow.ingest.StoreImport;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportWriter;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ruaflow import PATH...}: parse, enrich and store report files, folders recursively. A report already in the
 * store (same report uid) is skipped; a report is stored with its completion marker last, so an import that stops
 * half way leaves nothing that a second run would count twice.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Parse, re-check against DNS and store every DMARC aggregate report in PATHs (files, or folders searched"
                    + " recursively; .xml, .xml.gz, .zip or whole mails, whatever their names).",
            "Shows a progress bar on stderr (on a non-terminal, a line every few seconds) and ends with one line of counts: reports stored, records, duplicates"
                    + " skipped (already in the store) and files rejected (each named on stderr with its reason)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every file was imported or skipped as a duplicate",
            "1:some file was rejected or unreadable, or the store failed (named on stderr)",
            "2:invalid command line"
        })
final class ImportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Report files or folders.")
    List<Path> paths;

    @Mixin
    StoreOptions store;

    @ArgGroup(exclusive = true)
    Dns dns = new Dns();

    static final class Dns {
        @Option(
                names = "--dns",
                paramLabel = "HOST:PORT",
                description = "DNS server for the fresh checks (default: the system's resolvers).")
        String server;

        @Option(names = "--no-dns", description = "No DNS checks: alignment and classification from the reports only.")
        boolean off;
    }

    private long reports;
    private long records;
    private long duplicates;
    private long rejected;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files;
        try {
            files = files(paths);
        } catch (UncheckedIOException e) {
            err.println("ruaflow import: " + e.getMessage());
            return 1;
        }
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(PipelineConfig.DNS_SERVER.name(), dns.server);
        if (dns.off) {
            flags.put(PipelineConfig.DNS_ENABLED.name(), "false");
        }
        PipelineConfig config = store.load(flags);
        Enricher enricher;
        try {
            enricher = Wiring.enricher(config);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Progress progress = new Progress(err, files.size(), System.console() != null);
        int status = 0;
        try (enricher;
                ReportStore reportStore = store.open(config)) {
            StoreImport importer = StoreImport.batching(
                    Wiring.reportParser(config),
                    enricher,
                    config.get(PipelineConfig.ENRICH_CHUNK),
                    reportStore,
                    config.get(PipelineConfig.SINK_BATCH_RECORDS));
            for (int i = 0; i < files.size(); i++) {
                // Let go of each path once read: a Path keeps the string it was printed as, and a mailbox's worth of
                // those would grow the heap with every file.
                Path file = files.set(i, null);
                try {
                    importer.ingest(ReportInput.ofFile(file), this::counted);
                } catch (ReportRejectedException e) {
                    rejected++;
                    status = 1;
                    progress.message(e.getMessage());
                } catch (NoSuchFileException e) {
                    rejected++;
                    status = 1;
                    progress.message(file + ": no such file");
                } catch (IOException e) {
                    rejected++;
                    status = 1;
                    progress.message(file + ": cannot read: " + e.getMessage());
                }
                progress.fileDone(reports, records);
            }
            importer.flush();
        } catch (StoreLockedException | StoreUnavailableException | IllegalStateException e) {
            progress.finish();
            err.println("ruaflow import: " + e.getMessage());
            err.flush();
            out.println(counts(files.size()));
            out.flush();
            return 1;
        }
        progress.finish();
        out.println(counts(files.size()));
        out.flush();
        return status;
    }

    private void counted(ReportWriter.Outcome outcome) {
        if (outcome.duplicate()) {
            duplicates++;
        } else {
            reports++;
            records += outcome.records();
        }
    }

    private String counts(int files) {
        return String.format(
                Locale.ROOT,
                "%d files: %d reports stored, %d records, %d duplicates skipped, %d rejected",
                files,
                reports,
                records,
                duplicates,
                rejected);
    }

    /** The files under the paths, folders walked recursively in name order, hidden files skipped. */
    static List<Path> files(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    /**
     * A one-line bar redrawn on a terminal; elsewhere (a pipe, a log file, a CI job) one plain line every {@link
     * #PLAIN_INTERVAL}. Messages (rejected files) print above the bar.
     */
    static final class Progress {
        private static final int WIDTH = 30;
        /** How often a non-terminal gets a progress line. */
        static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

        private final PrintWriter err;
        private final int total;
        private final boolean terminal;
        private final LongSupplier nanoClock;
        private long lastPlainLine;
        private int done;

        Progress(PrintWriter err, int total, boolean terminal) {
            this(err, total, terminal, System::nanoTime);
        }

        Progress(PrintWriter err, int total, boolean terminal, LongSupplier nanoClock) {
            this.err = err;
            this.total = total;
            this.terminal = terminal;
            this.nanoClock = nanoClock;
            this.lastPlainLine = nanoClock.getAsLong();
        }

        void message(String text) {
            if (terminal) {
                err.print("\r\033[K");
            }
            err.println(text);
            err.flush();
        }

        void fileDone(long reports, long records) {
            done++;
            if (!terminal) {
                long now = nanoClock.getAsLong();
                if (now - lastPlainLine >= PLAIN_INTERVAL.toNanos()) {
                    lastPlainLine = now;
                    err.printf(
                            Locale.ROOT,
                            "import: %d/%d files, %d reports, %d records%n",
                            done,
                            total,
                            reports,
                            records);
                    err.flush();
                }
                return;
            }
            int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
            err.printf(
                    Locale.ROOT,
                    "\r[%s%s] %d/%d files, %d reports, %d records",
                    "#".repeat(filled),
                    " ".repeat(WIDTH - filled),
                    done,
                    total,
                    reports,
                    records);
            err.flush();
        }

        void finish() {
            if (terminal) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }
}
