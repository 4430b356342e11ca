package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The jar the build packaged, for the tests that run after package ({@code LauncherTest}, {@code PackagedJarTest}),
 * and whole processes run from it.
 */
final class BuiltJar {
    /** How long one process may run. */
    static final long RUN_SECONDS = 120;

    private BuiltJar() {}

    /** The packaged jar; skips the calling test in a build that has not packaged it (the default test run). */
    static Path path() {
        String jarProperty = System.getProperty("ruaflow.jar");
        Assumptions.assumeTrue(jarProperty != null, "no jar: runs after package (mvn -B verify)");
        Path jar = Path.of(jarProperty);
        assertThat(jar).isRegularFile();
        return jar;
    }

    /** What a process left: its exit status, standard output and standard error. */
    record Run(int status, String out, String err) {}

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment less the launcher's own
     * settings (JAVA_OPTS, RUAFLOW_CDS, RUAFLOW_JAR), and waits at most {@link #RUN_SECONDS}.
     */
    static Run run(List<String> command, Map<String, String> env, Path dir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("RUAFLOW_CDS");
        builder.environment().remove("RUAFLOW_JAR");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + RUN_SECONDS + " s");
        }
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
