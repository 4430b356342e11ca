package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A test-looking method that JUnit never runs is a silent hole: this scans every module's test sources for
 * non-private, no-argument {@code void} methods in {@code *Test} classes that carry no annotation at all.
 */
class TestHygieneTest {
    private static final Pattern NO_ARG_VOID_METHOD =
            Pattern.compile("^\\s*(?:public\\s+|protected\\s+)?void\\s+(\\w+)\\s*\\(\\s*\\)", Pattern.MULTILINE);

    @Test
    void everyTestLookingMethodIsAnnotated() throws IOException {
        Path root = projectRoot();
        List<String> holes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(TestHygieneTest::isTestSource).toList()) {
                holes.addAll(unannotatedMethods(root, file));
            }
        }
        assertThat(holes)
                .as("test methods without @Test (or another JUnit annotation); make helpers private")
                .isEmpty();
    }

    @Test
    void theScanFindsAnUnannotatedMethod() {
        String source = "class FooTest {\n  @Test\n  void runs() {}\n\n  void forgotten() {}\n}\n";
        assertThat(unannotated(source)).containsExactly("forgotten");
    }

    private static boolean isTestSource(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.contains("/src/test/java/") && path.endsWith("Test.java") && !path.contains("/target/");
    }

    private static List<String> unannotatedMethods(Path root, Path file) throws IOException {
        return unannotated(Files.readString(file)).stream()
                .map(name -> root.relativize(file) + ": " + name + "()")
                .toList();
    }

    static List<String> unannotated(String source) {
        List<String> names = new ArrayList<>();
        Matcher matcher = NO_ARG_VOID_METHOD.matcher(source);
        while (matcher.find()) {
            if (!previousCodeLineIsAnnotation(source, matcher.start())) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private static boolean previousCodeLineIsAnnotation(String source, int methodStart) {
        String[] before = source.substring(0, methodStart).split("\n");
        for (int i = before.length - 1; i >= 0; i--) {
            String line = before[i].trim();
            if (line.isEmpty() || line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
                continue;
            }
            return line.startsWith("@") || line.endsWith(")") && line.contains("@");
        }
        return false;
    }

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".ci/run"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("project root (folder holding .ci/run) above the working directory")
                .isNotNull();
        return dir;
    }
}
