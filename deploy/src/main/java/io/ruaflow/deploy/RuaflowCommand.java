package io.ruaflow.deploy;

import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: lists the roles and tools; every subcommand documents its own options and exit codes. */
@Command(
        name = "ruaflow",
        mixinStandardHelpOptions = true,
        versionProvider = RuaflowCommand.Version.class,
        description = "Ingest DMARC aggregate reports, re-check them against live DNS, store and query them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:some input could not be used (each is named on stderr)",
            "2:invalid command line"
        })
public final class RuaflowCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The commands under {@code ruaflow}, in the order its usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            HelpCommand.class,
            ParseCommand.class,
            SamplesCommand.class,
            BenchCommand.class,
            SpfCommand.class,
            PostureCommand.class,
            DnsCommand.class,
            IngestCommand.class,
            ProcessCommand.class,
            SinkCommand.class,
            RunCommand.class,
            ConfigCommand.class,
            QueryCommand.class,
            ApiCommand.class,
            ReportCommand.class,
            ImportCommand.class,
            AlertsCommand.class);

    /** The whole command tree. */
    public static CommandLine commandLine() {
        return configured(SUBCOMMANDS);
    }

    /**
     * The command tree {@code args} needs: when the first argument names a command (not {@code help}), only that
     * command under the root. Picocli reads every option of every command it is given, which took a few hundred
     * milliseconds of each short run such as {@code ruaflow parse FILE}; anything else (no command, an unknown one,
     * {@code help}, a root option) gets the whole tree, so listings and suggestions are unchanged.
     */
    public static CommandLine commandLine(String[] args) {
        if (args.length > 0) {
            for (Class<?> command : SUBCOMMANDS) {
                Command annotation = command.getAnnotation(Command.class);
                if (annotation.helpCommand()) {
                    continue;
                }
                if (annotation.name().equals(args[0])
                        || List.of(annotation.aliases()).contains(args[0])) {
                    return configured(List.of(command));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine configured(List<Class<?>> subcommands) {
        CommandLine root = new CommandLine(new RuaflowCommand());
        for (Class<?> command : subcommands) {
            root.addSubcommand(command); // picocli makes the instance, as for a subcommands list
        }
        // set after the subcommands are added: picocli passes these settings only to the commands it already has
        return root.setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(LocalDate.class, CommandManners::date)
                .setParameterExceptionHandler(CommandManners::usageError);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RuaflowCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ruaflow " + (version == null ? "development build" : version)};
        }
    }
}
