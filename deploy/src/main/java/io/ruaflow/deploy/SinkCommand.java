package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "sink",
        mixinStandardHelpOptions = true,
        description = {
            "Write the records topic to the store in idempotent batches; commit only after the store accepted.",
            "While the store is down the sink pauses and retries; nothing is dropped."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:a stage failed (see the log)", "2:invalid command line or config"})
final class SinkCommand implements Callable<Integer> {
    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "Store URL (store.url), e.g. clickhouse or duckdb:PATH.")
    String store;

    @Mixin
    RoleOptions options;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(PipelineConfig.STORE_URL.name(), store);
        return RoleRunner.runServingHealth(options, options.load(flags), Pipeline.Role.SINK, false);
    }
}
