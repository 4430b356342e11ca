package io.ruaflow.deploy;

import io.ruaflow.deploy.config.ConfigKey;
import io.ruaflow.deploy.config.PipelineConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
        exitCodeList = {"0:listed"})
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (ConfigKey<?> key : PipelineConfig.keys()) {
            out.println(key.name() + "  (env " + key.envName() + ", default "
                    + (key.defaultValue() == null ? "none" : key.defaultValue()) + ")");
            out.println("    " + key.doc());
        }
        out.flush();
        return 0;
    }
}
