package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.api.ApiSettings;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.parser.ReportJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image Jib writes in profile {@code image} ({@code mvn -B verify -Pimage}; this test runs after
 * package there): its configuration (non-root user, one entrypoint taking the role, the ports the roles serve),
 * and that it runs. With {@code podman} it loads and runs {@code --help}; where podman cannot run containers (this
 * build machine: crun refuses cgroups in hybrid mode) that test skips loudly, and the image's file system is run
 * instead in a chroot as its user (needs root and {@code unshare}), importing a report into DuckDB: the cut-down JRE,
 * the shared libraries and DuckDB's native library all work.
 */
class ImageTest {
    private static final long RUN_SECONDS = 300;
    private static Path tar;
    private static JsonNode manifest;
    private static JsonNode config;

    @TempDir
    Path dir;

    @BeforeAll
    static void readImage() throws IOException {
        String property = System.getProperty("ruaflow.image.tar");
        Assumptions.assumeTrue(property != null, "no image tar: run with -Pimage (mvn -B verify -Pimage)");
        tar = Path.of(property);
        assertThat(tar).as("the image tar profile image builds").isRegularFile();
        Map<String, byte[]> files = entries(tar, Set.of("manifest.json", "config.json"));
        manifest = ReportJson.mapper().readTree(files.get("manifest.json")).get(0);
        config = ReportJson.mapper()
                .readTree(entries(tar, Set.of(manifest.path("Config").asText()))
                        .get(manifest.path("Config").asText()))
                .path("config");
    }

    @Test
    void theImageRunsAsANonRootUserWithOneEntrypointAndTheRolesPorts() {
        assertThat(manifest.path("RepoTags").get(0).asText()).startsWith("ruaflow:");
        assertThat(config.path("User").asText()).isEqualTo("65532:65532");
        List<String> entrypoint = strings(config.path("Entrypoint"));
        assertThat(entrypoint.get(0)).isEqualTo("/opt/java/bin/java");
        assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(Main.class.getName());
        assertThat(strings(config.path("Cmd"))).containsExactly("--help");
        List<String> ports = new ArrayList<>();
        config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports)
                .containsExactlyInAnyOrder(
                        ApiSettings.DEFAULT_PORT + "/tcp", PipelineConfig.DEFAULT_METRICS_PORT + "/tcp");
    }

    @Test
    void theImagesFileSystemRunsARoleAsItsUserInAChroot() throws Exception {
        Assumptions.assumeTrue(
                runs("id", "-u").strip().equals("0") && Files.isExecutable(Path.of("/usr/bin/unshare")),
                () -> skip("running the image's file system in a chroot needs root and unshare"));
        Path root = Files.createDirectories(dir.resolve("root"));
        for (JsonNode layer : manifest.path("Layers")) {
            extractLayer(tar, layer.asText(), root);
        }
        Files.createDirectories(root.resolve("proc"));
        assertThat(Files.getPosixFilePermissions(root.resolve("opt/java/bin/java")))
                .contains(PosixFilePermission.OTHERS_EXECUTE);
        Path demo = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(demo.resolve("samples/demo/reports"))) {
            demo = demo.getParent();
        }
        try (Stream<Path> reports = Files.list(demo.resolve("samples/demo/reports"))) {
            Path report = reports.sorted().findFirst().orElseThrow();
            Files.copy(report, root.resolve("tmp/report.eml"));
        }

        String help = inChroot(root, "--help");
        assertThat(help).contains("ingest", "process", "sink", "api");
        String imported = inChroot(root, "import", "/tmp/report.eml", "--store", "duckdb:/tmp/r.duckdb", "--no-dns");
        assertThat(imported).contains("1 reports stored");
        String domains = inChroot(root, "query", "domains", "--store", "duckdb:/tmp/r.duckdb", "--from", "all");
        assertThat(domains).contains("dmarc_pass_rate");
    }

    @Test
    void podmanRunsTheImagesHelp() throws Exception {
        String version;
        try {
            version = runs("podman", "--version");
        } catch (IOException absent) {
            Assumptions.abort(skip("podman is not installed"));
            return;
        }
        assertThat(version).contains("podman");
        String loaded = runs("podman", "load", "-i", tar.toString());
        assertThat(loaded).contains("ruaflow");
        String image = "localhost/" + manifest.path("RepoTags").get(0).asText();
        Process p = new ProcessBuilder("podman", "run", "--rm", "--network=none", image, "--help")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0 && out.contains("OCI")) {
            Assumptions.abort(skip("podman cannot run containers on this machine: " + out.strip()));
        }
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Usage: ruaflow", "ingest", "process", "sink");
    }

    /** Runs the image's entrypoint with {@code args} in a chroot of its file system, as its user, with its env. */
    private String inChroot(Path root, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/unshare",
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=" + root.resolve("proc"),
                "/usr/sbin/chroot",
                "--userspec=" + config.path("User").asText(),
                root.toString()));
        command.addAll(strings(config.path("Entrypoint")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        for (String variable : strings(config.path("Env"))) {
            builder.environment()
                    .put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
        }
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(String.join(" ", args) + " in the image:\n" + out)
                .isZero();
        return out;
    }

    private static String runs(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    private static String skip(String message) {
        System.err.println("SKIPPED: " + message);
        return message;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    /** The named entries of the outer (uncompressed) image tar. */
    private static Map<String, byte[]> entries(Path tar, Set<String> names) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (names.contains(entry.getName())) {
                    out.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    /** Unpacks one gzipped layer of the image tar into {@code root}, keeping file modes. */
    private static void extractLayer(Path tar, String layer, Path root) throws IOException {
        try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry entry = outer.getNextEntry(); entry != null; entry = outer.getNextEntry()) {
                if (!entry.getName().equals(layer)) {
                    continue;
                }
                InputStream gz = new GzipCompressorInputStream(outer);
                TarArchiveInputStream in = new TarArchiveInputStream(gz);
                for (TarArchiveEntry file = in.getNextEntry(); file != null; file = in.getNextEntry()) {
                    Path target = root.resolve(file.getName()).normalize();
                    assertThat(target).as(file.getName()).startsWith(root);
                    if (file.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (file.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(file.getLinkName()));
                        continue;
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.setPosixFilePermissions(target, permissions(file.getMode()));
                }
                return;
            }
        }
        throw new AssertionError("layer " + layer + " not in " + tar);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                out.add(order[bit]);
            }
        }
        return out;
    }
}
