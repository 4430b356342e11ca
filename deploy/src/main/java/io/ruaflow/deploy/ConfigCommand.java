package io.ruaflow.deploy;

import io.ruaflow.deploy.config.ConfigKey;
import io.ruaflow.deploy.config.PipelineConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ruaflow config}: every configuration key, from its one declaration. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "List every configuration key (every command reads the same ones: store, API, DNS, pipeline roles) with its environment"
                    + " variable, default and meaning.",
            "Precedence: a flag or --set KEY=VALUE, then the environment, then --config FILE (properties or YAML),"
                    + " then the default. kafka.client.* keys pass straight to the Kafka clients."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:invalid command line"})
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--format",
            paramLabel = "text|env",
            defaultValue = "text",
            description = "text (default), or env: every key as a commented-out VARIABLE=default line under its"
                    + " documentation, to start an environment file (deploy/kubernetes/ruaflow.env is one).")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("env")) {
            for (ConfigKey<?> key : PipelineConfig.keys()) {
                out.println(envEntry(key));
            }
            out.flush();
            return 0;
        }
        if (!format.equals("text")) {
            throw new ParameterException(spec.commandLine(), "--format must be text or env: " + format);
        }
        for (ConfigKey<?> key : PipelineConfig.keys()) {
            out.println(key.name() + "  (env " + key.envName() + ", default "
                    + (key.defaultValue() == null ? "none" : key.defaultValue()) + ")");
            out.println("    " + key.doc());
        }
        out.flush();
        return 0;
    }

    /** A key as an environment-file entry: its name and documentation as comments, then the commented default. */
    static String envEntry(ConfigKey<?> key) {
        return "# " + key.name() + ": " + key.doc() + "\n#" + key.envName() + "="
                + (key.defaultValue() == null ? "" : key.defaultValue());
    }
}
