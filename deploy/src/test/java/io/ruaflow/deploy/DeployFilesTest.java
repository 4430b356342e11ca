package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.api.HealthServer;
import io.ruaflow.deploy.config.ConfigKey;
import io.ruaflow.deploy.config.PipelineConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The compose, Kubernetes and systemd files stay true to the code: every {@code RUAFLOW_*} variable they set is a
 * declared configuration key, every port and probe path they name is the one that role serves (RoleProbesTest
 * starts each role and hits those paths), the Kubernetes environment file lists every declared key, secrets come
 * from files, and every file parses: {@code kubectl kustomize} and {@code systemd-analyze verify} where installed,
 * YAML parsing always.
 */
class DeployFilesTest {
    static final Path COMPOSE = Path.of("compose/compose.yaml");
    static final Path KUBERNETES = Path.of("kubernetes");
    static final Path SYSTEMD = Path.of("systemd");
    static final Path KUBERNETES_ENV = KUBERNETES.resolve("ruaflow.env");
    /** What the API serves without a token, for probes and scrapers (ApiServer's open paths plus /metrics). */
    static final Set<String> API_PATHS = Set.of("/healthz", "/readyz", "/metrics");
    /** The roles without an HTTP API: they serve {@link HealthServer#PATHS} on {@code metrics.port}. */
    static final Set<String> HEALTH_ROLES = Set.of("ingest", "process", "sink");

    /** A variable named as a setting; one after '=' is a value (imap.password.env names a variable). */
    private static final Pattern VARIABLE = Pattern.compile("(?<![=A-Z0-9_])RUAFLOW_[A-Z0-9_]+");

    private static final long TOOL_SECONDS = 120;

    @TempDir
    Path tmp;

    @Test
    void everyRuaflowVariableInTheDeployFilesIsADeclaredKey() throws IOException {
        Set<String> declared = declaredVariables();
        List<Path> files = deployFiles();
        assertThat(files).hasSizeGreaterThan(10);
        Set<String> named = new TreeSet<>();
        for (Path file : files) {
            // the generated environment file's documentation comments may name the older plain variables a key
            // falls back to (RUAFLOW_CLICKHOUSE_USER): only settings count
            String text = Files.readAllLines(file).stream()
                    .filter(line -> !line.matches("# [a-z0-9.-]+: .*"))
                    .collect(Collectors.joining("\n"));
            Matcher m = VARIABLE.matcher(text);
            while (m.find()) {
                String variable = m.group();
                named.add(variable);
                if (!variable.startsWith("RUAFLOW_KAFKA_CLIENT_")) {
                    assertThat(declared)
                            .as(file + " names " + variable + ": not a key `ruaflow config` lists")
                            .contains(variable);
                }
            }
        }
        assertThat(named).contains("RUAFLOW_METRICS_PORT", "RUAFLOW_STORE_CLICKHOUSE_PASSWORD_FILE");
    }

    @Test
    void theKubernetesConfigMapListsEveryDeclaredKeyAndItsValuesAreValid() throws IOException {
        Map<String, String> active = new LinkedHashMap<>();
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(KUBERNETES_ENV)) {
            Matcher m = Pattern.compile("^(#?)(RUAFLOW_[A-Z0-9_]+)=(.*)$").matcher(line);
            if (m.matches()) {
                listed.add(m.group(2));
                if (m.group(1).isEmpty()) {
                    active.put(m.group(2), m.group(3));
                }
            }
        }
        assertThat(listed)
                .as(KUBERNETES_ENV + " lists every declared key: regenerate with `ruaflow config --format env`"
                        + " and keep the values set")
                .isEqualTo(declaredVariables());
        assertThat(active).containsKeys("RUAFLOW_KAFKA_BOOTSTRAP", "RUAFLOW_STORE_URL", "RUAFLOW_METRICS_PORT");
        PipelineConfig config = PipelineConfig.load(Map.of(), active, null); // validates every value
        assertThat(config.get(PipelineConfig.METRICS_BIND)).isEqualTo("0.0.0.0");
        // each key's documentation is the comment above it, as the generator writes it
        String text = Files.readString(KUBERNETES_ENV);
        for (ConfigKey<?> key : PipelineConfig.keys()) {
            assertThat(text).contains("# " + key.name() + ": ");
        }
    }

    @Test
    void configFormatEnvWritesEveryKeyCommentedOut() {
        ImportQueryCommandTest.Result result = ImportQueryCommandTest.run("config", "--format", "env");
        assertThat(result.exit()).isZero();
        for (ConfigKey<?> key : PipelineConfig.keys()) {
            assertThat(result.out()).contains(ConfigCommand.envEntry(key));
        }
        assertThat(ImportQueryCommandTest.run("config", "--format", "xml").exit())
                .isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeServesEachRolesProbesOnItsPortAndTakesSecretsFromFiles() throws IOException {
        Map<String, Object> compose = yaml(COMPOSE).get(0);
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> secrets = (Map<String, Object>) compose.get("secrets");
        assertThat(services).containsKeys("kafka", "clickhouse", "ingest", "process", "sink", "api", "grafana");
        Set<String> roles = new TreeSet<>();
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Map<String, Object> service = (Map<String, Object>) entry.getValue();
            Map<String, String> env = stringMap(service.get("environment"));
            for (String name : env.keySet()) {
                if (name.matches(".*(PASSWORD|TOKEN|SECRET).*")) {
                    assertThat(name)
                            .as(entry.getKey() + ": a secret comes from a file")
                            .endsWith("FILE");
                    assertThat(env.get(name)).startsWith("/run/secrets/");
                }
            }
            for (Object secret : (List<Object>) service.getOrDefault("secrets", List.of())) {
                assertThat(secrets)
                        .as(entry.getKey() + " uses secret " + secret)
                        .containsKey(secret.toString());
                assertThat((Map<String, Object>) secrets.get(secret.toString())).containsKey("file");
            }
            List<Object> command = (List<Object>) service.get("command");
            if (command == null) {
                continue;
            }
            String role = command.get(0).toString();
            roles.add(role);
            int port = servedPort(role, env);
            for (Object mapping : (List<Object>) service.get("ports")) {
                String spec = mapping.toString();
                assertThat(Integer.parseInt(spec.substring(spec.lastIndexOf(':') + 1)))
                        .as(entry.getKey() + " publishes the port its role serves")
                        .isEqualTo(port);
            }
            assertThat(env.get(role.equals("api") ? "RUAFLOW_API_BIND" : "RUAFLOW_METRICS_BIND"))
                    .as(entry.getKey() + " listens beyond the container's loopback")
                    .isEqualTo("0.0.0.0");
            for (String file : env.values().stream()
                    .filter(v -> v.startsWith("/run/secrets/"))
                    .toList()) {
                assertThat((List<Object>) service.get("secrets"))
                        .as(entry.getKey() + " mounts " + file)
                        .contains(file.substring("/run/secrets/".length()));
            }
        }
        assertThat(roles).containsExactlyInAnyOrder("ingest", "process", "sink", "api");
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesDeploymentsProbeThePathsAndPortsTheirRoleServes() throws IOException {
        Map<String, String> configMap = new LinkedHashMap<>();
        for (String line : Files.readAllLines(KUBERNETES_ENV)) {
            if (line.startsWith("RUAFLOW_")) {
                configMap.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        Set<String> roles = new TreeSet<>();
        Set<String> kinds = new TreeSet<>();
        Set<String> budgets = new TreeSet<>();
        for (Path file : yamlFiles(KUBERNETES)) {
            for (Map<String, Object> doc : yaml(file)) {
                String kind = (String) doc.get("kind");
                kinds.add(kind);
                if ("PodDisruptionBudget".equals(kind)) {
                    budgets.add((String) ((Map<String, Object>) doc.get("metadata")).get("name"));
                }
                if (!"Deployment".equals(kind)) {
                    continue;
                }
                String name = (String) ((Map<String, Object>) doc.get("metadata")).get("name");
                Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) doc.get("spec")).get("template");
                Map<String, Object> annotations =
                        (Map<String, Object>) ((Map<String, Object>) pod.get("metadata")).get("annotations");
                Map<String, Object> podSpec = (Map<String, Object>) pod.get("spec");
                Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
                String role = ((List<Object>) container.get("args")).get(0).toString();
                roles.add(role);
                Map<String, String> env = new LinkedHashMap<>(configMap);
                for (Map<String, Object> variable :
                        (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
                    env.put((String) variable.get("name"), String.valueOf(variable.get("value")));
                }
                int port = servedPort(role, env);
                Map<String, Integer> ports = new LinkedHashMap<>();
                for (Map<String, Object> p : (List<Map<String, Object>>) container.get("ports")) {
                    ports.put((String) p.get("name"), (Integer) p.get("containerPort"));
                }
                assertThat(ports.values())
                        .as(name + " declares the port its role serves")
                        .containsExactly(port);
                Set<String> paths = role.equals("api") ? API_PATHS : Set.copyOf(HealthServer.PATHS);
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    Map<String, Object> get =
                            (Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet");
                    assertThat(paths).as(name + " " + probe).contains((String) get.get("path"));
                    assertThat(ports).as(name + " " + probe + " port").containsKey((String) get.get("port"));
                }
                assertThat(((Map<String, Object>) container.get("readinessProbe")).toString())
                        .contains("/readyz");
                assertThat(annotations.get("prometheus.io/port")).isEqualTo(Integer.toString(port));
                assertThat(paths).contains((String) annotations.get("prometheus.io/path"));
                assertThat((Map<String, Object>) container.get("resources")).containsKeys("requests", "limits");
                if (HEALTH_ROLES.contains(role)) {
                    assertThat(env.get("RUAFLOW_METRICS_BIND")).as(name).isEqualTo("0.0.0.0");
                } else {
                    assertThat(env.get("RUAFLOW_API_BIND")).as(name).isEqualTo("0.0.0.0");
                }
                assertThat(budgets.size() + 1).isPositive();
            }
        }
        assertThat(roles).containsExactlyInAnyOrder("ingest", "process", "sink", "api");
        assertThat(kinds).contains("Deployment", "Secret", "PodDisruptionBudget", "Service");
        assertThat(budgets).contains("ruaflow-process", "ruaflow-sink", "ruaflow-api");
    }

    @Test
    void systemdUnitsServeDistinctPortsAndRunARoleEach() throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        Set<String> roles = new TreeSet<>();
        for (Path unit : units()) {
            String text = Files.readString(unit);
            assertThat(text)
                    .contains("DynamicUser=yes", "ProtectSystem=strict", "StateDirectory=ruaflow/")
                    .doesNotContain("MemoryDenyWriteExecute=yes");
            Matcher exec = Pattern.compile("(?m)^ExecStart=.* (\\S+)$").matcher(text);
            assertThat(exec.find()).as(unit + " has ExecStart").isTrue();
            String role = exec.group(1);
            roles.add(role);
            Map<String, String> env = new LinkedHashMap<>();
            Matcher m = Pattern.compile("(?m)^Environment=(RUAFLOW_[A-Z0-9_]+)=(.*)$")
                    .matcher(text);
            while (m.find()) {
                env.put(m.group(1), m.group(2));
            }
            if (HEALTH_ROLES.contains(role)) {
                assertThat(env).as(unit + " gives its role a port of its own").containsKey("RUAFLOW_METRICS_PORT");
                ports.put(unit.getFileName().toString(), servedPort(role, env));
            } else if (role.equals("api")) {
                ports.put(unit.getFileName().toString(), servedPort(role, env));
            }
            for (String value : env.values()) {
                if (value.contains("%S/")) {
                    String state = value.substring(value.indexOf("%S/") + 3);
                    String stateDirectory = text.replaceAll("(?s).*\\nStateDirectory=(\\S+).*", "$1");
                    assertThat(state)
                            .as(unit + ": state lives in its StateDirectory")
                            .startsWith(stateDirectory);
                }
            }
        }
        assertThat(roles).containsExactlyInAnyOrder("ingest", "process", "sink", "api", "run");
        assertThat(Set.copyOf(ports.values()))
                .as("one host runs every unit: no two share a port " + ports)
                .hasSameSizeAs(ports.values());
    }

    @Test
    void systemdAnalyzeVerifiesEveryUnit() throws Exception {
        requireTool("systemd-analyze", "--version");
        for (Path unit : units()) {
            String name = unit.getFileName().toString().replace("@.service", "@example.service");
            Path copy = Files.copy(unit, tmp.resolve(name));
            Process p = new ProcessBuilder("systemd-analyze", "verify", "--man=no", copy.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(TOOL_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(unit + ":\n" + out).isZero();
            assertThat(out.lines()
                            .filter(line -> line.contains(copy.getFileName().toString())))
                    .as(unit + " verifies without warnings:\n" + out)
                    .isEmpty();
        }
    }

    /**
     * {@code kubectl kustomize} builds the manifests offline, generating the ConfigMap from ruaflow.env. (A
     * client-side {@code kubectl apply --dry-run=client} still asks an API server for its resource types, so
     * without a cluster it cannot run; the manifests are checked field by field above instead.)
     */
    @Test
    void kubectlBuildsTheKustomizationWithTheGeneratedConfigMap() throws Exception {
        requireTool("kubectl", "version", "--client");
        Path built = tmp.resolve("built.yaml");
        String kustomize = run(List.of("kubectl", "kustomize", KUBERNETES.toString()), built);
        List<Map<String, Object>> docs = yaml(built);
        Map<String, Object> configMap = docs.stream()
                .filter(doc -> "ConfigMap".equals(doc.get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap generated: " + kustomize));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) configMap.get("data");
        assertThat(data).containsEntry("RUAFLOW_METRICS_PORT", "9400").containsKey("RUAFLOW_STORE_URL");
        assertThat(declaredVariables()).containsAll(data.keySet());
        String manifests = Files.readString(built);
        assertThat(manifests)
                .as("every Deployment reads the generated ConfigMap by its hashed name")
                .contains("name: " + ((Map<?, ?>) configMap.get("metadata")).get("name"));
        assertThat(docs.stream().filter(doc -> "Deployment".equals(doc.get("kind"))))
                .hasSize(4);
    }

    /** Commands that keep the JVM's default collector: servers and long batch work (import, bench). */
    private static final Set<String> DEFAULT_COLLECTOR =
            Set.of("run", "ingest", "process", "sink", "api", "dns", "import", "bench");

    @Test
    void theLauncherSaysForEveryCommandWhetherItRunsTheSerialCollector() throws IOException {
        String script = Files.readString(Path.of("bin/ruaflow"));
        Matcher serialCase = Pattern.compile("(?m)^\\s*([a-z0-9| -]+)\\)\\s*$\\n\\s*case \" \\$opts \" in")
                .matcher(script);
        assertThat(serialCase.find())
                .as("the launcher's case of commands that run the serial collector")
                .isTrue();
        Set<String> serial = new TreeSet<>();
        for (String name : serialCase.group(1).split("\\|")) {
            serial.add(name.trim());
        }
        Set<String> commands = new TreeSet<>();
        for (Class<?> command : RuaflowCommand.SUBCOMMANDS) {
            picocli.CommandLine.Command annotation = command.getAnnotation(picocli.CommandLine.Command.class);
            commands.add(annotation.name());
            commands.addAll(List.of(annotation.aliases()));
        }
        Set<String> unclassified = new TreeSet<>(commands);
        unclassified.removeAll(serial);
        unclassified.removeAll(DEFAULT_COLLECTOR);
        assertThat(unclassified)
                .as("a command the launcher runs with the default collector without anyone deciding it: add it to"
                        + " the serial case of bin/ruaflow if it answers and exits, else to DEFAULT_COLLECTOR")
                .isEmpty();
        assertThat(serial).as("serial and default at once").doesNotContainAnyElementsOf(DEFAULT_COLLECTOR);
        serial.removeAll(List.of("main", "other"));
        assertThat(commands).as("the serial case names only commands").containsAll(serial);
    }

    @Test
    void everyDeployYamlFileParses() throws IOException {
        List<Path> files = new ArrayList<>(yamlFiles(Path.of("compose")));
        files.addAll(yamlFiles(KUBERNETES));
        files.addAll(yamlFiles(Path.of("grafana")));
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path file : files) {
            assertThat(yaml(file)).as(file.toString()).isNotEmpty().doesNotContainNull();
        }
    }

    /** The port a role serves its probes on, from the variables it is given, else the key's default. */
    static int servedPort(String role, Map<String, String> env) {
        ConfigKey<Integer> key = role.equals("api") ? PipelineConfig.API_PORT : PipelineConfig.METRICS_PORT;
        assertThat(role).isIn("ingest", "process", "sink", "api");
        int port = key.parse(env.getOrDefault(key.envName(), key.defaultValue()));
        assertThat(port).as(role + " serves on a fixed port").isBetween(1, 65_535);
        return port;
    }

    private static Set<String> declaredVariables() {
        return PipelineConfig.keys().stream().map(ConfigKey::envName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Path> deployFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(Path.of("compose"), KUBERNETES, SYSTEMD)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static List<Path> units() throws IOException {
        try (Stream<Path> files = Files.list(SYSTEMD)) {
            return files.filter(f -> f.toString().endsWith(".service")).sorted().toList();
        }
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(
                            f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object environment) {
        Map<String, String> out = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).forEach((k, v) -> out.put(k.toString(), String.valueOf(v)));
        }
        return out;
    }

    private static void requireTool(String... versionCommand) throws InterruptedException {
        try {
            Process p =
                    new ProcessBuilder(versionCommand).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(TOOL_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        } catch (IOException absent) {
            // fall through to the skip
        }
        String message = versionCommand[0] + " is not installed or does not run here; skipping this check of"
                + " the deploy files";
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    /** Runs a tool, its output to {@code stdout} when given; fails with the output when it exits non-zero. */
    private static String run(List<String> command, Path stdout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        Path err = Files.createTempFile("ruaflow-tool-", ".log");
        builder.redirectError(err.toFile());
        if (stdout != null) {
            builder.redirectOutput(stdout.toFile());
        }
        Process p = builder.start();
        String out = stdout == null ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        assertThat(p.waitFor(TOOL_SECONDS, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        String errors = Files.readString(err);
        Files.delete(err);
        assertThat(p.exitValue())
                .as(String.join(" ", command) + "\n" + out + errors)
                .isZero();
        return out + errors;
    }
}
