package io.ruaflow.deploy;

import io.ruaflow.samples.BenchReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ruaflow bench compare}: runs a ruaflow command and a peer tool's command on the same generated file, as
 * separate processes, alternating, and prints wall and CPU time of each (from {@code /usr/bin/time}) and the ratios.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Time ruaflow against a peer tool on the same generated report, whole processes (JVM start-up included),"
                    + " alternating runs, and print the median wall and CPU seconds of each and the ratios.",
            "Peers: dmarc-cat (`ruaflow parse FILE` against `dmarc-cat -N -j 1 FILE`, Debian package dmarc-cat) and"
                    + " mail-dmarc (`ruaflow import MAIL --no-dns` into a new DuckDB file against Mail::DMARC's"
                    + " `dmarc_receive --file MAIL` into a new SQLite file, Debian package libmail-dmarc-perl).",
            "Needs /usr/bin/time (Debian package time)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a command failed or a needed program is missing (the reason is on stderr)",
            "2:invalid command line"
        })
final class BenchCompareCommand implements Callable<Integer> {
    /** The measuring program: its {@code -f '%e %U %S'} gives wall, user and system seconds of the whole child. */
    static final Path TIME = Path.of("/usr/bin/time");
    /** How long one timed command may run before the comparison gives up. */
    static final long RUN_TIMEOUT_MINUTES = 30;

    enum Peer {
        dmarc_cat,
        mail_dmarc
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--peer",
            paramLabel = "PEER",
            defaultValue = "dmarc_cat",
            description = "dmarc_cat or mail_dmarc. Default: ${DEFAULT-VALUE}")
    Peer peer;

    @Option(
            names = "--records",
            paramLabel = "N",
            description = "Records in the generated report. Default: 100000 against dmarc-cat, 2000 against"
                    + " Mail::DMARC (which stores a few hundred records a second).")
    Integer records;

    @Option(
            names = "--runs",
            paramLabel = "N",
            defaultValue = "3",
            description = "Timed runs of each command, alternating; medians are printed. Default: ${DEFAULT-VALUE}")
    int runs;

    @Option(
            names = "--java-option",
            paramLabel = "OPTION",
            description = "A JVM option for ruaflow's processes, repeatable: e.g. -XX:SharedArchiveFile=ruaflow.jsa"
                    + " and -XX:+UseSerialGC to time the CLI as the launcher deploy/bin/ruaflow runs it.")
    List<String> javaOptions = new ArrayList<>();

    /** Wall, user and system seconds of one whole process. */
    record Times(double wall, double user, double system) {
        double cpu() {
            return user + system;
        }
    }

    @Override
    public Integer call() throws IOException {
        int n = records != null ? records : peer == Peer.dmarc_cat ? 100_000 : 2_000;
        if (n < 1 || runs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--records and --runs must be >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> peerProgram = peer == Peer.dmarc_cat ? List.of("dmarc-cat") : List.of("dmarc_receive");
        for (Path needed : List.of(TIME, which(peerProgram.get(0)))) {
            if (needed == null || !Files.isExecutable(needed)) {
                err.println("ruaflow bench compare: " + (needed == null ? peerProgram.get(0) : needed)
                        + " is not installed (Debian: apt-get install "
                        + (needed == TIME ? "time" : peer == Peer.dmarc_cat ? "dmarc-cat" : "libmail-dmarc-perl")
                        + ")");
                return 1;
            }
        }
        Path dir = Files.createTempDirectory("ruaflow-bench-compare-");
        try {
            byte[] xml = BenchReport.xml(n, 7);
            Path file;
            if (peer == Peer.dmarc_cat) {
                file = Files.write(dir.resolve(BenchReport.FILE_NAME), xml);
            } else {
                file = Files.write(dir.resolve("report.eml"), BenchReport.mail(xml, 7));
                Files.writeString(
                        dir.resolve("mail-dmarc.ini"),
                        mailDmarcConfig()
                                .replaceAll(
                                        "(?m)^dsn\\s*=.*$", "dsn = dbi:SQLite:dbname=" + dir.resolve("peer.sqlite")));
            }
            out.printf(
                    Locale.ROOT,
                    "report: %,d records, %.1f MiB of XML%s; %d alternating runs each%n",
                    n,
                    xml.length / 1048576.0,
                    peer == Peer.mail_dmarc ? ", as a mail with the XML gzipped" : "",
                    runs);
            out.flush();
            List<Times> ours = new ArrayList<>();
            List<Times> theirs = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                List<String> mine;
                List<String> other;
                if (peer == Peer.dmarc_cat) {
                    mine = List.of("parse", file.toString());
                    other = List.of("dmarc-cat", "-N", "-j", "1", file.toString());
                } else {
                    Path store = dir.resolve("ours-" + i + ".duckdb");
                    mine = List.of("import", file.toString(), "--no-dns", "--store", "duckdb:" + store);
                    Files.deleteIfExists(dir.resolve("peer.sqlite"));
                    other = List.of("dmarc_receive", "--file", file.toString());
                }
                if (i == 0) {
                    out.println("ruaflow: ruaflow " + String.join(" ", mine).replace(dir.toString(), "DIR")
                            + (javaOptions.isEmpty() ? "" : " (JVM options " + String.join(" ", javaOptions) + ")"));
                    out.println("peer:    " + String.join(" ", other).replace(dir.toString(), "DIR"));
                }
                List<String> launch =
                        new ArrayList<>(ruaflowLaunch(javaOptions, System.getProperty("java.class.path")));
                launch.addAll(mine);
                // Alternate which goes first, so neither always runs on a machine the other just warmed or loaded.
                if (i % 2 == 0) {
                    ours.add(timed(launch, dir, out, "ruaflow", i));
                    theirs.add(timed(other, dir, out, "peer", i));
                } else {
                    theirs.add(timed(other, dir, out, "peer", i));
                    ours.add(timed(launch, dir, out, "ruaflow", i));
                }
            }
            Times a = median(ours);
            Times b = median(theirs);
            out.printf(
                    Locale.ROOT,
                    "median: ruaflow %.2f s wall, %.2f CPU-s; %s %.2f s wall, %.2f CPU-s%n",
                    a.wall(),
                    a.cpu(),
                    peer == Peer.dmarc_cat ? "dmarc-cat" : "Mail::DMARC",
                    b.wall(),
                    b.cpu());
            out.printf(
                    Locale.ROOT,
                    "ratio (peer / ruaflow): %.2fx wall, %.2fx CPU; %,.0f vs %,.0f records per CPU-second%n",
                    b.wall() / a.wall(),
                    b.cpu() / a.cpu(),
                    n / a.cpu(),
                    n / b.cpu());
            return 0;
        } catch (IllegalStateException e) {
            err.println("ruaflow bench compare: " + e.getMessage());
            return 1;
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * This ruaflow as a child process: the same java and class path (the jar when run from it), made absolute since
     * the child runs in the bench's folder ({@code java -jar ruaflow.jar} gives a relative one).
     */
    static List<String> ruaflowLaunch(List<String> javaOptions, String javaClassPath) {
        List<String> launch = new ArrayList<>();
        launch.add(ProcessHandle.current().info().command().orElse("java"));
        launch.addAll(javaOptions);
        StringJoiner classPath = new StringJoiner(java.io.File.pathSeparator);
        for (String entry : javaClassPath.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classPath.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        launch.addAll(List.of("-cp", classPath.toString(), Main.class.getName()));
        return launch;
    }

    /** The configuration Mail::DMARC ships (the one its tools read when none is given), as text. */
    private static String mailDmarcConfig() throws IOException {
        Process perl = new ProcessBuilder(
                        "perl", "-MFile::ShareDir=dist_file", "-e", "print dist_file('Mail-DMARC', 'mail-dmarc.ini')")
                .redirectErrorStream(true)
                .start();
        String path = new String(perl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (perl.waitFor() != 0 || !Files.isReadable(Path.of(path))) {
                throw new IllegalStateException("cannot find Mail::DMARC's mail-dmarc.ini: " + path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return Files.readString(Path.of(path));
    }

    private Times timed(List<String> command, Path dir, PrintWriter out, String who, int run) throws IOException {
        List<String> full = new ArrayList<>(List.of(TIME.toString(), "-f", "%e %U %S", "-o", "time.txt"));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment()
                .put("MAIL_DMARC_CONFIG_FILE", dir.resolve("mail-dmarc.ini").toString());
        Process process = builder.start();
        try {
            if (!process.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        who + " run " + (run + 1) + " took over " + RUN_TIMEOUT_MINUTES + " minutes; stopped");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(who + " exited with " + process.exitValue() + ": "
                    + stderr.strip().lines().reduce((x, y) -> y).orElse(""));
        }
        String[] fields = Files.readString(dir.resolve("time.txt"))
                .strip()
                .lines()
                .reduce((x, y) -> y)
                .orElse("")
                .split(" ");
        Times times;
        try {
            times = new Times(
                    Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
        } catch (RuntimeException e) {
            throw new IllegalStateException(TIME + " printed no times for " + who + ": " + String.join(" ", fields), e);
        }
        out.printf(
                Locale.ROOT,
                "  run %d %-7s %6.2f s wall, %6.2f CPU-s (user %.2f, system %.2f)%n",
                run + 1,
                who,
                times.wall(),
                times.cpu(),
                times.user(),
                times.system());
        out.flush();
        return times;
    }

    /** The median wall time, with the user and system time of the run of median CPU time. */
    static Times median(List<Times> runs) {
        double[] wall = runs.stream().mapToDouble(Times::wall).sorted().toArray();
        Times cpu = runs.stream()
                .sorted(Comparator.comparingDouble(Times::cpu))
                .toList()
                .get(runs.size() / 2);
        return new Times(wall[runs.size() / 2], cpu.user(), cpu.system());
    }

    /** The program's path on the PATH, or null. */
    private static Path which(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return Path.of(folder, program);
            }
        }
        return null;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is no reason to fail the benchmark
        }
    }
}
