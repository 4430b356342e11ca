package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Publish raw reports from a mailbox or a folder to the raw topic.",
            "A mail or file is moved to 'processed' only after Kafka acknowledged it; one without a report goes to"
                    + " 'invalid'. Nothing is deleted. The IMAP password comes from the variable named by"
                    + " imap.password.env (default RUAFLOW_IMAP_PASSWORD) or imap.password.file."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:a stage failed (see the log)", "2:invalid command line or config"})
final class IngestCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SourceOptions source = new SourceOptions();

    @Option(names = "--once", description = "With --dir: scan once, then exit.")
    boolean once;

    @Mixin
    RoleOptions options;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        source.putInto(flags);
        PipelineConfig config = options.load(flags);
        return RoleRunner.runServingHealth(options, config, Pipeline.Role.INGEST, once);
    }
}
