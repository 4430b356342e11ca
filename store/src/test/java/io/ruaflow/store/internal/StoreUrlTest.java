package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.store.StoreUrl;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreUrlTest {
    @Test
    void duckDbUrlNamesAFile() {
        StoreUrl url = StoreUrl.parse("duckdb:/var/lib/ruaflow/r.duckdb", Map.of());
        assertThat(url.kind()).isEqualTo(StoreUrl.Kind.DUCKDB);
        assertThat(url.path()).isEqualTo(Path.of("/var/lib/ruaflow/r.duckdb"));
        assertThat(url).hasToString("duckdb:/var/lib/ruaflow/r.duckdb");
    }

    @Test
    void bareDuckDbUsesTheUserDataDirectory() {
        assertThat(StoreUrl.parse("duckdb:", Map.of("XDG_DATA_HOME", "/data")).path())
                .isEqualTo(Path.of("/data/ruaflow/ruaflow.duckdb"));
        assertThat(StoreUrl.parse("duckdb:", Map.of()).path())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".local/share/ruaflow/ruaflow.duckdb"));
    }

    @Test
    void memoryDuckDbHasNoPath() {
        assertThat(StoreUrl.parse("duckdb::memory:", Map.of()).path()).isNull();
    }

    @Test
    void clickHouseUrlTakesCredentialsFromTheEnvironment() {
        StoreUrl url = StoreUrl.parse(
                "clickhouse://ch.example:8124/dmarc",
                Map.of(StoreUrl.USER_ENV, "ruaflow", StoreUrl.PASSWORD_ENV, "s3cret"));
        assertThat(url.host()).isEqualTo("ch.example");
        assertThat(url.port()).isEqualTo(8124);
        assertThat(url.database()).isEqualTo("dmarc");
        assertThat(url.user()).isEqualTo("ruaflow");
        assertThat(url.password()).isEqualTo("s3cret");
        assertThat(url.toString())
                .isEqualTo("clickhouse://ch.example:8124/dmarc")
                .doesNotContain("s3cret");
        assertThat(url.withCredentials("other", null).password()).isEqualTo("s3cret");
    }

    @Test
    void clickHouseUrlHasDefaults() {
        StoreUrl url = StoreUrl.parse("clickhouse://localhost", Map.of());
        assertThat(url.port()).isEqualTo(8123);
        assertThat(url.database()).isEqualTo("ruaflow");
        assertThat(url.user()).isEqualTo("default");
        assertThat(url.password()).isEmpty();
    }

    @Test
    void badUrlsAreNamedInTheError() {
        for (String bad : new String[] {
            "postgres://x/y",
            "clickhouse://user:pw@host/db",
            "clickhouse://h:99999/db",
            "clickhouse://h:8123/bad-name",
            "clickhouse://h/db;DROP"
        }) {
            assertThatThrownBy(() -> StoreUrl.parse(bad, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.contains("bad-name") ? "bad-name" : bad);
        }
        assertThatThrownBy(() -> StoreUrl.parse(" ", Map.of())).hasMessageContaining("empty");
    }
}
