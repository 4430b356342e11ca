package io.ruaflow.deploy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ruaflow dns ...}: DNS tools. */
@Command(
        name = "dns",
        mixinStandardHelpOptions = true,
        description = "DNS tools for offline runs.",
        subcommands = {DnsServeCommand.class})
final class DnsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
