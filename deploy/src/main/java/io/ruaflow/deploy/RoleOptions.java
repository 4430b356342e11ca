package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every pipeline role shares: the configuration options and the Kafka bootstrap. */
final class RoleOptions extends ConfigOptions {
    @Option(
            names = "--kafka",
            paramLabel = "BOOTSTRAP",
            description = "Kafka bootstrap servers (kafka.bootstrap, RUAFLOW_KAFKA_BOOTSTRAP).")
    String kafka;

    /** The flags given, as configuration keys; {@code extra} holds the role's own flags. */
    @Override
    PipelineConfig load(Map<String, String> extra) {
        RoleLogging.infoUnlessConfigured();
        Map<String, String> flags = new LinkedHashMap<>(extra);
        if (kafka != null) {
            flags.put(PipelineConfig.KAFKA_BOOTSTRAP.name(), kafka);
        }
        return super.load(flags);
    }
}
