package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one-way rule of ARCHITECTURE.md, read from the poms and the sources: a module depends (in any scope) and
 * imports (in main code) only from modules above it in {@link #ORDER}, never from another module's
 * {@code internal} packages; {@code store} imports nothing from {@code ingest}; {@code api} imports nothing from
 * {@code enricher} or {@code ingest} (the upload path is injected).
 */
class ModuleDirectionTest {
    /** The modules in ARCHITECTURE.md's table order: each may use only those before it. */
    static final List<String> ORDER = List.of("parser", "samples", "enricher", "store", "ingest", "api", "deploy");

    /** Modules a module must not import from in main code even though they are above it. */
    static final Map<String, Set<String>> FORBIDDEN = Map.of("api", Set.of("enricher", "ingest", "samples"));

    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern RUAFLOW_ARTIFACT = Pattern.compile("<artifactId>ruaflow-(\\w+)</artifactId>");
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?io\\.ruaflow\\.(\\w+)((?:\\.\\w+)*)\\s*;", Pattern.MULTILINE);

    @Test
    void pomDependenciesPointUpTheTableOnly() throws IOException {
        Path root = TestHygieneTest.projectRoot();
        List<String> wrong = new ArrayList<>();
        for (String module : ORDER) {
            String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
            for (String dependency : ruaflowDependencies(pom)) {
                if (!above(dependency, module)) {
                    wrong.add(module + " depends on " + dependency);
                }
            }
        }
        assertThat(wrong).as("module arrows against ARCHITECTURE.md").isEmpty();
    }

    @Test
    void mainCodeImportsOnlyFromModulesAboveAndNeverTheirInternals() throws IOException {
        Path root = TestHygieneTest.projectRoot();
        List<String> wrong = new ArrayList<>();
        for (String module : ORDER) {
            Path sources = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String violation : violations(module, Files.readString(file))) {
                        wrong.add(root.relativize(file) + ": " + violation);
                    }
                }
            }
        }
        assertThat(wrong).as("imports against ARCHITECTURE.md").isEmpty();
    }

    @Test
    void theScansCatchAWrongArrow() {
        assertThat(violations("store", "package io.ruaflow.store;\nimport io.ruaflow.ingest.Transport;\n"))
                .containsExactly("imports io.ruaflow.ingest.Transport");
        assertThat(violations("api", "import static io.ruaflow.enricher.Enricher.offline;\n"))
                .containsExactly("imports io.ruaflow.enricher.Enricher.offline");
        assertThat(violations("api", "import io.ruaflow.parser.internal.LenientXmlReader;\n"))
                .containsExactly("imports io.ruaflow.parser.internal.LenientXmlReader");
        assertThat(violations("api", "import io.ruaflow.enricher.PostureChecker;\n"))
                .containsExactly("imports io.ruaflow.enricher.PostureChecker");
        assertThat(violations("api", "import io.ruaflow.store.ReportStore;\nimport io.ruaflow.api.internal.Html;\n"))
                .isEmpty();
        assertThat(
                        ruaflowDependencies(
                                "<dependency><groupId>io.ruaflow</groupId><artifactId>ruaflow-ingest</artifactId></dependency>"))
                .containsExactly("ingest");
        assertThat(above("ingest", "store")).isFalse();
    }

    static List<String> violations(String module, String source) {
        List<String> wrong = new ArrayList<>();
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            String target = m.group(1);
            String rest = m.group(2);
            if (target.equals(module)) {
                continue;
            }
            boolean internal = rest.startsWith(".internal.") || rest.equals(".internal");
            if (!above(target, module)
                    || internal
                    || FORBIDDEN.getOrDefault(module, Set.of()).contains(target)) {
                wrong.add("imports io.ruaflow." + target + rest);
            }
        }
        return wrong;
    }

    static Set<String> ruaflowDependencies(String pom) {
        Set<String> out = new LinkedHashSet<>();
        Matcher dependency = DEPENDENCY.matcher(pom);
        while (dependency.find()) {
            Matcher artifact = RUAFLOW_ARTIFACT.matcher(dependency.group(1));
            if (artifact.find()) {
                out.add(artifact.group(1));
            }
        }
        return out;
    }

    static boolean above(String target, String module) {
        int t = ORDER.indexOf(target);
        return t >= 0 && t < ORDER.indexOf(module);
    }
}
