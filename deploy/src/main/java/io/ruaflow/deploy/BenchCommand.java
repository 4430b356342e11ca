package io.ruaflow.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ruaflow bench}: measurements of single stages; each subcommand says what it measures. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure a stage with generated data.",
        subcommands = {BenchStoreCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
