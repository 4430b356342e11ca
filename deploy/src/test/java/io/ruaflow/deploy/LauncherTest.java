package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.deploy.BuiltJar.Run;
import io.ruaflow.samples.ReportBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/bin/ruaflow}, the launcher that runs the built jar with a class-data-sharing archive made on first
 * use (runs after package, when the jar exists): its runs answer exactly as {@code java -jar} does, exit codes and
 * error messages included, with or without an archive, and nothing the JVM says about the archive reaches standard
 * output.
 */
class LauncherTest {
    private static Path jar;
    private static Path launcher;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTheJar() {
        jar = BuiltJar.path();
        launcher = Path.of(System.getProperty("ruaflow.launcher"));
        assertThat(launcher).isExecutable();
    }

    @Test
    void theFirstRunWritesTheArchiveAndLaterRunsMapIt() throws Exception {
        Path report = report();
        Run direct = run(List.of("java", "-jar", jar.toString(), "parse", report.toString()), Map.of());
        assertThat(direct.status()).isZero();
        Path cache = dir.resolve("cache");

        Run first = launch(Map.of("XDG_CACHE_HOME", cache.toString()), "parse", report.toString());
        assertThat(first.status()).isZero();
        assertThat(first.out()).as("the run that writes the archive").isEqualTo(direct.out());
        assertThat(files(cache.resolve("ruaflow")))
                .as("one archive, the command's, nothing half-written left")
                .singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).endsWith("-parse.jsa"));

        // the JVM logs where each class came from: "shared objects file (top)" is the archive made on the first run
        Path loaded = dir.resolve("classes.log");
        Run later = launch(
                Map.of(
                        "XDG_CACHE_HOME",
                        cache.toString(),
                        "JAVA_OPTS",
                        "-Xshare:on -Xlog:class+load=info:file=" + loaded),
                "parse",
                report.toString());
        assertThat(later.status()).as(later.err()).isZero();
        assertThat(later.out()).isEqualTo(direct.out());
        assertThat(Files.readAllLines(loaded)).anySatisfy(line -> assertThat(line)
                .contains(Main.class.getName() + " source: shared objects file (top)"));
        assertThat(files(cache.resolve("ruaflow"))).hasSize(1);
    }

    @Test
    void eachCommandHasAnArchiveOfTheClassesItLoads() throws Exception {
        Path report = report();
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        assertThat(launch(env, "--version").status()).isZero();
        assertThat(launch(env, "parse", report.toString()).status()).isZero();
        assertThat(files(cache.resolve("ruaflow")).stream()
                        .map(f -> f.getFileName().toString()))
                .as("--version run first leaves parse an archive of its own")
                .hasSize(2)
                .anySatisfy(name -> assertThat(name).endsWith("-main.jsa"))
                .anySatisfy(name -> assertThat(name).endsWith("-parse.jsa"));

        Path loaded = dir.resolve("classes.log");
        Run later = launch(
                Map.of("XDG_CACHE_HOME", cache.toString(), "JAVA_OPTS", "-Xlog:class+load=info:file=" + loaded),
                "parse",
                report.toString());
        assertThat(later.status()).as(later.err()).isZero();
        assertThat(Files.readAllLines(loaded)).anySatisfy(line -> assertThat(line)
                .contains(io.ruaflow.parser.ReportHandler.class.getName() + " source: shared objects file (top)"));
    }

    @Test
    void commandsThatAnswerAndExitRunTheSerialCollectorUnlessJavaOptsNameOne() throws Exception {
        Path report = report();
        assertThat(collector(Map.of(), "parse", report.toString())).isEqualTo("Serial");
        assertThat(collector(Map.of(), "query", "--help")).isEqualTo("Serial");
        assertThat(collector(Map.of(), "dns", "--help"))
                .as("servers keep the JVM's default")
                .isNotEqualTo("Serial");
        assertThat(collector(Map.of("JAVA_OPTS", "-XX:+UseParallelGC"), "parse", report.toString()))
                .isEqualTo("Parallel");
        assertThat(collector(Map.of("RUAFLOW_CDS", "off"), "parse", report.toString()))
                .as("without an archive too")
                .isEqualTo("Serial");
    }

    /** The collector a launched run used, as the JVM's gc log names it ("Using Serial"). */
    private String collector(Map<String, String> env, String... args) throws Exception {
        Path log = Files.createTempFile(dir, "gc", ".log");
        Map<String, String> withLog = new java.util.HashMap<>(env);
        withLog.merge("JAVA_OPTS", "-Xlog:gc:file=" + log, (a, b) -> a + " " + b);
        withLog.putIfAbsent("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Run run = launch(withLog, args);
        assertThat(run.status()).as(run.err()).isZero();
        return Files.readAllLines(log).stream()
                .filter(line -> line.contains("Using "))
                .map(line -> line.substring(line.indexOf("Using ") + "Using ".length())
                        .trim())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no collector in " + log));
    }

    @Test
    void exitCodesAndErrorsAreTheJarsOnTheFirstRunAndAfter() throws Exception {
        String missing = dir.resolve("missing.xml").toString();
        Run direct = run(List.of("java", "-jar", jar.toString(), "parse", missing), Map.of());
        assertThat(direct.status()).isNotZero();
        Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
        for (String when : List.of("first run", "archive in use")) {
            Run launched = launch(env, "parse", missing);
            assertThat(launched.status()).as(when).isEqualTo(direct.status());
            assertThat(launched.err()).as(when).isEqualTo(direct.err());
            assertThat(launched.out()).as(when).isEqualTo(direct.out());
        }
        Run usage = launch(env, "parse", "--no-such-option");
        assertThat(usage.status()).isEqualTo(2);
    }

    @Test
    void withoutAFolderToWriteOrWithTheArchiveOffItRunsWithoutOne() throws Exception {
        Path report = report();
        String expected = run(List.of("java", "-jar", jar.toString(), "parse", report.toString()), Map.of())
                .out();
        Path notAFolder = Files.writeString(dir.resolve("cache-is-a-file"), "x");
        Run unwritable = launch(Map.of("XDG_CACHE_HOME", notAFolder.toString()), "parse", report.toString());
        assertThat(unwritable.status()).isZero();
        assertThat(unwritable.out()).isEqualTo(expected);

        Path cache = dir.resolve("cache");
        Run off = launch(Map.of("XDG_CACHE_HOME", cache.toString(), "RUAFLOW_CDS", "off"), "parse", report.toString());
        assertThat(off.status()).isZero();
        assertThat(off.out()).isEqualTo(expected);
        assertThat(cache).doesNotExist();
    }

    @Test
    void aLinkToTheLauncherFindsTheJarOfTheBuildItBelongsTo() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("ruaflow"), launcher);
        Run run = run(
                List.of(link.toString(), "--version"),
                Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .isEqualTo(run(List.of("java", "-jar", jar.toString(), "--version"), Map.of())
                        .out());
    }

    @Test
    void aMissingJarIsSaidAndNothingRuns() throws Exception {
        Run run = launch(Map.of("RUAFLOW_JAR", dir.resolve("nowhere.jar").toString()), "--version");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("no ruaflow.jar").contains("RUAFLOW_JAR");
    }

    private Path report() throws IOException {
        return Files.writeString(
                dir.resolve("report.xml"), ReportBuilder.xml("Google", "launcher-1", "example.com", 3));
    }

    private Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        Map<String, String> withJar = new java.util.HashMap<>(Map.of("RUAFLOW_JAR", jar.toString()));
        withJar.putAll(env);
        return run(command, withJar);
    }

    private Run run(List<String> command, Map<String, String> env) throws Exception {
        return BuiltJar.run(command, env, dir);
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.toList();
        }
    }
}
