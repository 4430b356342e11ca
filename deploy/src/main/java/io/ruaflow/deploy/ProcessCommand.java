package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "process",
        mixinStandardHelpOptions = true,
        description = {
            "Parse and enrich raw reports: raw topic → records topic; unusable input → DLQ with its reason.",
            "Run as many instances as the raw topic has partitions; they share the consumer group process.group."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:a stage failed (see the log)", "2:invalid command line or config"})
final class ProcessCommand implements Callable<Integer> {
    @Option(names = "--no-dns", description = "Do not re-check against live DNS (dns.enabled=false).")
    boolean noDns;

    @Mixin
    RoleOptions options;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        if (noDns) {
            flags.put(PipelineConfig.DNS_ENABLED.name(), "false");
        }
        return RoleRunner.runServingHealth(options, options.load(flags), Pipeline.Role.PROCESS, false);
    }
}
