package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.store.StoreLockedException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DuckDbLockMessageTest {
    @Test
    void conflictingLockNamesTheHoldingProcess() {
        RuntimeException e = DuckDbStore.lockedOr(
                "duckdb:/data/r.duckdb",
                new SQLException("IO Error: Could not set lock on file \"/data/r.duckdb\": Conflicting lock is held in"
                        + " /usr/lib/jvm/java-17-openjdk-amd64/bin/java (PID 4242) by user mail. See also"
                        + " https://duckdb.org/docs/connect/concurrency"));

        assertThat(e).isInstanceOf(StoreLockedException.class);
        assertThat(((StoreLockedException) e).holderPid()).isEqualTo(4242);
        assertThat(e.getMessage())
                .startsWith("duckdb:/data/r.duckdb is in use by another process"
                        + " (/usr/lib/jvm/java-17-openjdk-amd64/bin/java, PID 4242)")
                .contains("over HTTP")
                .contains("ClickHouse");
    }

    @Test
    void lockWithoutAHolderIsStillALockError() {
        RuntimeException e = DuckDbStore.lockedOr(
                "duckdb:/data/r.duckdb", new SQLException("IO Error: Could not set lock on file \"/data/r.duckdb\""));

        assertThat(e).isInstanceOf(StoreLockedException.class);
        assertThat(((StoreLockedException) e).holderPid()).isEqualTo(-1);
    }

    @Test
    void otherFailuresStayWhatTheyWere() {
        RuntimeException e = DuckDbStore.lockedOr("duckdb:/data/r.duckdb", new SQLException("IO Error: disk full"));

        assertThat(e)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot open duckdb:/data/r.duckdb: IO Error: disk full");
    }
}
