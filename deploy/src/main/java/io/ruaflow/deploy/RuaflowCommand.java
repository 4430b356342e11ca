package io.ruaflow.deploy;

import java.time.LocalDate;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: lists the roles and tools; every subcommand documents its own options and exit codes. */
@Command(
        name = "ruaflow",
        mixinStandardHelpOptions = true,
        versionProvider = RuaflowCommand.Version.class,
        description = "Ingest DMARC aggregate reports, re-check them against live DNS, store and query them.",
        subcommands = {
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
            AlertsCommand.class,
        },
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

    public static CommandLine commandLine() {
        return new CommandLine(new RuaflowCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
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
