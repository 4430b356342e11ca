package io.ruaflow.deploy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ruaflow bench ...}: single-thread throughput of one stage; each stage is a subcommand. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure the throughput of the pipeline and of its stages with generated data.",
        subcommands = {
            BenchParseCommand.class,
            BenchEnrichCommand.class,
            BenchStoreCommand.class,
            BenchPipelineCommand.class,
            BenchApiCommand.class,
            BenchCompareCommand.class
        })
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
