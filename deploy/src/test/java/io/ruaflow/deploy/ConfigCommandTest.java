package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.deploy.config.ConfigKey;
import io.ruaflow.deploy.config.PipelineConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConfigCommandTest {
    @Test
    void listsEveryDeclaredKeyWithItsEnvironmentVariableAndDefault() {
        StringWriter out = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("config")).isZero();
        assertThat(PipelineConfig.keys()).isNotEmpty();
        for (ConfigKey<?> key : PipelineConfig.keys()) {
            assertThat(out.toString())
                    .contains(key.name() + "  (env " + key.envName() + ", default ")
                    .contains(key.doc());
        }
        assertThat(out.toString()).contains("sink.batch.max.records  (env RUAFLOW_SINK_BATCH_MAX_RECORDS, default ");
    }
}
