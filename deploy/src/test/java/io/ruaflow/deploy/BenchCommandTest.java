package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    @Test
    void benchParsePrintsRecordsPerSecond() {
        StringWriter out = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        int status = cli.execute("bench", "parse", "--records", "2000", "--iterations", "2", "--warmup", "1", "--gzip");
        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("report: 2000 records")
                .contains("run 2: 2000 records")
                .containsPattern("parse: median [\\d,]+ records/s wall clock");
    }

    @Test
    void benchWithoutStageListsTheStages() {
        StringWriter out = new StringWriter();
        CommandLine cli = RuaflowCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("bench")).isZero();
        assertThat(out.toString()).contains("parse");
    }
}
