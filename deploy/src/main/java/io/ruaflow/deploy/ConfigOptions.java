package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command shares to read the one declared configuration ({@link PipelineConfig}): a config file
 * and {@code --set key=value}. A command's own flags are passed to {@link #load} as keys and win.
 */
class ConfigOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Config file: Java properties, or YAML (.yaml/.yml) with nested keys (see ruaflow config).")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Set any configuration key (see ruaflow config); repeatable. Wins over the environment.")
    Map<String, String> set = new LinkedHashMap<>();

    /** Resolves every key: {@code flags} (null values ignored), then --set, the environment, the file, defaults. */
    PipelineConfig load(Map<String, String> flags) {
        Map<String, String> merged = new LinkedHashMap<>(set);
        flags.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
            }
        });
        try {
            return PipelineConfig.load(merged, System.getenv(), configFile);
        } catch (IllegalArgumentException e) {
            throw usageError(e);
        }
    }

    /** A configuration mistake: exit code 2 with the message, no stack trace. */
    ParameterException usageError(IllegalArgumentException e) {
        return new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
}
