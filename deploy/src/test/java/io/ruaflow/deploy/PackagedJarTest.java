package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.samples.ReportBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar (runs after package): its manifest first, as streaming readers need it; DuckDB's Linux libraries
 * stored rather than deflated, so the driver's copy of one at every start is a copy (README, Performance), the other
 * platforms' still in it; and a store opened through the jar.
 */
class PackagedJarTest {
    private static final long RUN_SECONDS = 120;
    private static final List<String> STORED =
            List.of("libduckdb_java.so_linux_amd64", "libduckdb_java.so_linux_arm64");
    private static final List<String> DEFLATED =
            List.of("libduckdb_java.so_macos_arm64", "libduckdb_java.so_windows_amd64");
    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTheJar() {
        String jarProperty = System.getProperty("ruaflow.jar");
        Assumptions.assumeTrue(jarProperty != null, "no jar: runs after package (mvn -B verify)");
        jar = Path.of(jarProperty);
        assertThat(jar).isRegularFile();
    }

    @Test
    void theManifestComesFirstAndNamesTheMainClass() throws Exception {
        try (InputStream in = Files.newInputStream(jar);
                JarInputStream stream = new JarInputStream(in)) {
            assertThat(stream.getManifest())
                    .as("a manifest a streaming reader sees")
                    .isNotNull();
            assertThat(stream.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(Main.class.getName());
        }
    }

    @Test
    void duckDbsLinuxLibrariesAreStoredAndTheOthersDeflated() throws Exception {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String name : STORED) {
                ZipEntry entry = zip.getEntry(name);
                assertThat(entry).as(name).isNotNull();
                assertThat(entry.getMethod()).as(name).isEqualTo(ZipEntry.STORED);
                assertThat(entry.getSize()).as(name).isGreaterThan(1 << 20);
            }
            for (String name : DEFLATED) {
                assertThat(zip.getEntry(name)).as(name).isNotNull();
                assertThat(zip.getEntry(name).getMethod()).as(name).isEqualTo(ZipEntry.DEFLATED);
            }
        }
    }

    @Test
    void aReportImportedThroughTheJarIsQueriedThroughIt() throws Exception {
        Path report = Files.writeString(
                dir.resolve("report.xml"), ReportBuilder.xml("Google", "packaged-1", "example.com", 3));
        String store = "duckdb:" + dir.resolve("store.duckdb");
        assertThat(java("import", report.toString(), "--no-dns", "--store", store))
                .contains("1 reports stored");
        assertThat(java("query", "domains", "--store", store, "--from", "all")).contains("example.com");
    }

    private String java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!process.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + RUN_SECONDS + " s");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
