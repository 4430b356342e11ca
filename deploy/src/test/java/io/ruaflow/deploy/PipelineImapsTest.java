package io.ruaflow.deploy;

import static io.ruaflow.deploy.TestPipelines.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.ingest.testing.Mailbox;
import io.ruaflow.parser.ReportUid;
import io.ruaflow.samples.ReportBuilder;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.ReportStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** imap.ssl.truststore: the operator's trust for a mail server whose certificate the system does not know. */
class PipelineImapsTest {
    private static final Map<String, String> ENV = Map.of("RUAFLOW_IMAP_PASSWORD", Mailbox.PASSWORD);

    @TempDir
    Path dir;

    @Test
    void reportMailedToAnImapsServerTrustedThroughTheConfiguredTrustStoreIsStored() throws Exception {
        String storeUrl = "duckdb:" + dir.resolve("ruaflow.duckdb");
        try (Mailbox mailbox = Mailbox.startWithImaps()) {
            Map<String, String> flags = TestPipelines.baseFlags(null);
            flags.put("imap.url", mailbox.imapsUrl("localhost").toString());
            flags.put("imap.ssl.truststore", Mailbox.serverCertificate().toString());
            flags.put("imap.state.file", dir.resolve("imap.state").toString());
            flags.put("store.url", storeUrl);
            try (Pipeline run =
                    TestPipelines.start(flags, ENV, Pipeline.all(), false, s -> {}, new SimpleMeterRegistry())) {
                mailbox.send(ReportBuilder.mail("yahoo.com", "imaps-1", "example.com", 2, Mailbox.ADDRESS));
                await(() -> mailbox.count("processed") == 1, Duration.ofSeconds(60));
            }
            try (ReportStore query = ReportStores.open(storeUrl)) {
                assertThat(query.containsReport(ReportUid.of("yahoo.com", "imaps-1", "example.com")))
                        .isTrue();
            }
        }
    }

    @Test
    void trustStoreDefaultsToTheSystemOneAndIsPassedThroughWhenSet() {
        Map<String, String> flags = Map.of("imap.url", "imaps://dmarc@mail.example.com/INBOX");
        assertThat(Wiring.imapSettings(PipelineConfig.load(flags, ENV, null), ENV)
                        .trustStore())
                .isNull();
        Path pem = Mailbox.serverCertificate();
        Map<String, String> env = Map.of(
                "RUAFLOW_IMAP_PASSWORD",
                Mailbox.PASSWORD,
                PipelineConfig.IMAP_SSL_TRUSTSTORE.envName(),
                pem.toString());
        assertThat(PipelineConfig.IMAP_SSL_TRUSTSTORE.envName()).isEqualTo("RUAFLOW_IMAP_SSL_TRUSTSTORE");
        assertThat(Wiring.imapSettings(PipelineConfig.load(flags, env, null), env)
                        .trustStore())
                .isEqualTo(pem);
    }

    @Test
    void trustStoreThatIsNotAReadableFileIsRefusedWhenTheConfigIsLoaded() {
        String missing = dir.resolve("missing.pem").toString();
        assertThatThrownBy(() -> PipelineConfig.load(Map.of("imap.ssl.truststore", missing), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("imap.ssl.truststore")
                .hasMessageContaining(missing);
    }
}
