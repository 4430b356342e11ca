package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every role shares: the config file, {@code --set key=value}, and the Kafka bootstrap. */
final class RoleOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Config file: Java properties, or YAML (.yaml/.yml) with nested keys.")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Set any configuration key (see ruaflow config); repeatable. Wins over the environment.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(
            names = "--kafka",
            paramLabel = "BOOTSTRAP",
            description = "Kafka bootstrap servers (kafka.bootstrap, RUAFLOW_KAFKA_BOOTSTRAP).")
    String kafka;

    /** The flags given, as configuration keys; {@code extra} holds the role's own flags. */
    PipelineConfig load(Map<String, String> extra) {
        RoleLogging.infoUnlessConfigured();
        Map<String, String> flags = new LinkedHashMap<>(set);
        if (kafka != null) {
            flags.put(PipelineConfig.KAFKA_BOOTSTRAP.name(), kafka);
        }
        extra.forEach((key, value) -> {
            if (value != null) {
                flags.put(key, value);
            }
        });
        try {
            return PipelineConfig.load(flags, System.getenv(), configFile);
        } catch (IllegalArgumentException e) {
            throw usageError(e);
        }
    }

    /** A configuration mistake: exit code 2 with the message, no stack trace. */
    ParameterException usageError(IllegalArgumentException e) {
        return new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
}
