package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.deploy.config.PipelineConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPropertiesTest {
    private static Map<String, String> properties(Map<String, String> flags, Map<String, String> env) {
        return Wiring.kafkaProperties(PipelineConfig.load(flags, env, null));
    }

    @Test
    void consumersNoticeADeadInstanceWithinTenSecondsByDefault() {
        assertThat(properties(Map.of(), Map.of()))
                .containsEntry("consumer.session.timeout.ms", "10000")
                .containsEntry("consumer.heartbeat.interval.ms", "3000")
                .doesNotContainKey("consumer.group.instance.id");
    }

    @Test
    void declaredKeysComeFromFlagsOrEnvironment() {
        Map<String, String> given = properties(
                Map.of("kafka.session.timeout.ms", "20000"),
                Map.of("RUAFLOW_KAFKA_GROUP_INSTANCE_ID", "sink-0", "RUAFLOW_KAFKA_HEARTBEAT_INTERVAL_MS", "5000"));
        assertThat(given)
                .containsEntry("consumer.session.timeout.ms", "20000")
                .containsEntry("consumer.heartbeat.interval.ms", "5000")
                .containsEntry("consumer.group.instance.id", "sink-0");
    }

    @Test
    void aRawKafkaClientPropertyWinsOverTheDeclaredDefault() {
        Map<String, String> given = properties(Map.of("kafka.client.session.timeout.ms", "7000"), Map.of());
        assertThat(given).containsEntry("session.timeout.ms", "7000").doesNotContainKey("consumer.session.timeout.ms");
    }

    @Test
    void heartbeatMustBeBelowTheSessionTimeout() {
        assertThatThrownBy(() -> properties(
                        Map.of("kafka.session.timeout.ms", "5000", "kafka.heartbeat.interval.ms", "5000"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kafka.heartbeat.interval.ms (5000) must be below kafka.session.timeout.ms (5000)");
    }
}
