package io.ruaflow.deploy;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ruaflow help [COMMAND...]}: the usage help of any command, nested ones included ({@code help dns serve}),
 * which picocli's own help command does not reach.
 */
@Command(
        name = "help",
        helpCommand = true,
        description = "Print the help of a command, e.g. 'ruaflow help query' or 'ruaflow help dns serve'.")
final class HelpCommand implements Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its subcommands.")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        CommandLine command = spec.parent().commandLine();
        for (String name : names) {
            CommandLine sub = command.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "no command '" + name + "' under '"
                                + command.getCommandSpec().qualifiedName() + "'; its commands: "
                                + String.join(", ", command.getSubcommands().keySet()));
            }
            command = sub;
        }
        command.usage(spec.commandLine().getOut(), spec.commandLine().getColorScheme());
    }
}
