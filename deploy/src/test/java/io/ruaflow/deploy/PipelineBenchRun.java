package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.ingest.testing.KafkaBroker;
import io.ruaflow.store.testing.ClickHouseServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@code ruaflow bench pipeline} against a test Kafka broker and ClickHouse server started here. Not part of
 * the suite: {@code mvn -pl deploy -am verify -Dtest=PipelineBenchRun -Druaflow.bench=true
 * [-Druaflow.bench.args="--reports 2000 --records 100"]}.
 */
@EnabledIfSystemProperty(named = "ruaflow.bench", matches = "true")
class PipelineBenchRun {
    @Test
    void benchPipelineOverKafkaIntoClickHouse() {
        String extra = System.getProperty("ruaflow.bench.args", "");
        try (KafkaBroker broker = KafkaBroker.start()) {
            String store = ClickHouseServer.shared().newDatabaseUrl();
            String args = "bench pipeline --kafka " + broker.bootstrap() + " --store " + store
                    + " --set topic.create.partitions=2 " + extra;
            int exit = RuaflowCommand.commandLine().execute(args.trim().split("\\s+"));
            assertThat(exit).isZero();
        }
    }
}
