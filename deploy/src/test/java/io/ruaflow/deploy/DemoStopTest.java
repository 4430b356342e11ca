package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ruaflow run --demo} in its own process, stopped the way a user or a service manager stops it. */
class DemoStopTest {
    private static final long STARTUP_SECONDS = 300;

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void stopChild() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void sigtermExitsZeroAndRemovesTheDemoFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(
                        java,
                        "-Djava.io.tmpdir=" + tmp,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        "--demo",
                        "--demo-dir",
                        demoReports().toString(),
                        "--api-port",
                        "0")
                .redirectError(dir.resolve("demo.log").toFile())
                .start();
        awaitReady();
        assertThat(demoFolders(tmp))
                .as("the demo works in a folder under java.io.tmpdir")
                .isEqualTo(1);

        child.destroy(); // SIGTERM
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(child.exitValue()).as(log()).isZero();
        assertThat(demoFolders(tmp)).as(log()).isZero();
    }

    private void awaitReady() throws Exception {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.readLine();
            if (line == null) {
                break;
            }
            if (line.contains("ruaflow demo is ready")) {
                return;
            }
        }
        throw new AssertionError("the demo never said it is ready; its log:\n" + log());
    }

    private static long demoFolders(Path tmp) throws Exception {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("ruaflow-demo"))
                    .count();
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("demo.log"));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    private static Path demoReports() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("samples/demo/reports"))) {
            root = root.getParent();
        }
        assertThat(root).as("samples/demo/reports above the working directory").isNotNull();
        return root.resolve("samples/demo/reports");
    }
}
