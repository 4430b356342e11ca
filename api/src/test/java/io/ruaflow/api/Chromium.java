package io.ruaflow.api;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs Debian's headless Chromium; skips loudly when it is absent, fails instead under {@code CI=true}. */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 90;

    /** Headless, and quiet: no sandbox (containers), no GPU, and none of the browser's own calls home. */
    static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync");

    private Chromium() {}

    static void assumeInstalled() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String message = "SKIPPED: " + BINARY + " is not installed; the weekly report is not rendered in a browser";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true requires it)");
        }
        System.err.println(message);
        Assumptions.abort(message);
    }

    /** Output of one headless run (stdout, stderr). */
    record Run(String out, String err) {}

    static Run run(Path workDir, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(FLAGS);
        command.addAll(List.of("--enable-logging=stderr", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = workDir.resolve("chromium.out");
        Path err = workDir.resolve("chromium.err");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
