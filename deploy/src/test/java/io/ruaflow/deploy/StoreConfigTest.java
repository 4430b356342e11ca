package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.store.Retention;
import io.ruaflow.store.StoreSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ClickHouse cluster and the retention are declared keys that reach the store's settings. */
class StoreConfigTest {
    @Test
    void clusterAndRetentionReachTheStoreSettings() {
        PipelineConfig config = PipelineConfig.load(
                Map.of("store.clickhouse.cluster", "ruaflow_prod"),
                Map.of("RUAFLOW_STORE_RETENTION_DAYS", "400"),
                null);

        StoreSettings settings = Wiring.storeSettings(config);

        assertThat(settings.clickHouseCluster()).isEqualTo("ruaflow_prod");
        assertThat(settings.retention().days(Retention.AGGREGATE)).isEqualTo(400);
    }

    @Test
    void byDefaultOneServerKeepsEverything() {
        StoreSettings settings = Wiring.storeSettings(PipelineConfig.load(Map.of(), Map.of(), null));

        assertThat(settings.clickHouseCluster()).isNull();
        assertThat(settings.retention().isEmpty()).isTrue();
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> PipelineConfig.load(Map.of("store.clickhouse.cluster", "prod; DROP"), Map.of(), null))
                .hasMessageContaining("store.clickhouse.cluster")
                .hasMessageContaining("prod; DROP");
        assertThatThrownBy(() -> PipelineConfig.load(Map.of("store.retention.days", "-1"), Map.of(), null))
                .hasMessageContaining("store.retention.days")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> PipelineConfig.load(Map.of("store.retention.days", "36501"), Map.of(), null))
                .hasMessageContaining("store.retention.days");
    }
}
