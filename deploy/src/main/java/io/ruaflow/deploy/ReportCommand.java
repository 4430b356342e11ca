package io.ruaflow.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ruaflow report}: reports written from a store. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Write reports from a store.",
        subcommands = {WeeklyReportCommand.class, CommandLine.HelpCommand.class})
final class ReportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
