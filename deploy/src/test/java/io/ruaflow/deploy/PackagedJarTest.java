package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.samples.ReportBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar (runs after package): its manifest first, as streaming readers need it; DuckDB's Linux libraries
 * stored rather than deflated, so the driver's copy of one at every start is a copy (README, Performance), the other
 * platforms' still in it; and a store opened through the jar.
 */
class PackagedJarTest {
    private static final List<String> STORED =
            List.of("libduckdb_java.so_linux_amd64", "libduckdb_java.so_linux_arm64");
    private static final List<String> DEFLATED =
            List.of("libduckdb_java.so_macos_arm64", "libduckdb_java.so_windows_amd64");
    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTheJar() {
        jar = BuiltJar.path();
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

    /** The output (standard output, then error) of {@code java -jar} with these arguments, which must succeed. */
    private String java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString()));
        command.addAll(List.of(args));
        BuiltJar.Run run = BuiltJar.run(command, Map.of(), dir);
        assertThat(run.status()).as(run.err()).isZero();
        return run.out() + run.err();
    }
}
