package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.deploy.config.ConfigKey;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.OrgDomainMethod;
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

    @Test
    void orgDomainMethodDefaultsToTheTreeWalkAndRefusesOtherWords() {
        ConfigKey<OrgDomainMethod> key = PipelineConfig.DMARC_ORG_DOMAIN;
        assertThat(key.parse(key.defaultValue())).isEqualTo(OrgDomainMethod.TREEWALK);
        assertThat(key.parse("PSL")).isEqualTo(OrgDomainMethod.PSL);
        assertThatThrownBy(() -> key.parse("dns")).hasMessage("dmarc.org-domain: must be treewalk or psl: 'dns'");
    }
}
