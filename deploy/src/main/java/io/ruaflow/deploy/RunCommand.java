package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Every stage in one JVM: over the in-process queue into the DuckDB store by default;",
            "--kafka and --store switch either part. Without a source it processes and stores what arrives on Kafka."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:a stage failed (see the log)", "2:invalid command line or config"})
final class RunCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SourceOptions source = new SourceOptions();

    @Option(names = "--once", description = "With --dir: import the folder, wait until it is stored, then exit.")
    boolean once;

    @Option(
            names = "--store",
            paramLabel = "URL",
            description =
                    "Store URL (store.url, env RUAFLOW_STORE_URL); default duckdb: (the XDG data-folder file, as for every command).")
    String store;

    @Option(names = "--no-dns", description = "Do not re-check against live DNS (dns.enabled=false).")
    boolean noDns;

    @Option(
            names = "--demo",
            description = "Import the bundled demo reports into a fresh embedded store and serve the HTTP API.")
    boolean demo;

    @Option(
            names = "--demo-dir",
            paramLabel = "PATH",
            description = "With --demo: the demo reports; default samples/demo/reports in the working directory"
                    + " or in the clone holding ruaflow.jar. The DNS zone beside them (../zone.txt) answers the"
                    + " re-checks.")
    Path demoDir;

    @Option(
            names = "--api-port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "With --demo: the HTTP API port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Mixin
    RoleOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        source.putInto(flags);
        flags.put(PipelineConfig.STORE_URL.name(), store);
        if (noDns) {
            flags.put(PipelineConfig.DNS_ENABLED.name(), "false");
        }
        PipelineConfig config = options.load(flags);
        if (demo) {
            try {
                return DemoHook.run(
                        demoDir == null ? DemoHook.locateReports() : demoDir,
                        apiPort,
                        spec.commandLine().getOut());
            } catch (IllegalArgumentException e) {
                throw options.usageError(e);
            }
        }
        EnumSetHolder roles = new EnumSetHolder();
        if (!source.given()
                && config.get(PipelineConfig.INGEST_DIR) == null
                && config.get(PipelineConfig.IMAP_URL) == null) {
            roles.set.remove(Pipeline.Role.INGEST);
        }
        return RoleRunner.run(options, config, roles.set, true, once, "run");
    }

    private static final class EnumSetHolder {
        final EnumSet<Pipeline.Role> set = EnumSet.allOf(Pipeline.Role.class);
    }
}
