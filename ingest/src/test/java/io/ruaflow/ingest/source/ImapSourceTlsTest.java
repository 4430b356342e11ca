package io.ruaflow.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.ingest.Headers;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.testing.Drain;
import io.ruaflow.ingest.testing.Mailbox;
import io.ruaflow.ingest.transport.InProcessTransport;
import io.ruaflow.samples.ReportBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP over TLS against GreenMail serving IMAPS with a self-signed certificate for {@code localhost}. GreenMail
 * 2.1.2 does not implement STARTTLS for IMAP (its CAPABILITY never lists it), so STARTTLS is tested only for the
 * refusal when the server does not offer it.
 */
class ImapSourceTlsTest {
    @TempDir
    Path dir;

    private final Mailbox mailbox = Mailbox.startWithImaps();
    private final InProcessTransport transport = InProcessTransport.withCapacity(100);
    private final Drain raw = new Drain(transport, Topics.DEFAULT.raw(), "process");
    private Thread thread;
    private ImapSource source;

    @AfterEach
    void close() throws InterruptedException {
        if (source != null) {
            source.close();
        }
        if (thread != null) {
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
        }
        raw.close();
        transport.close();
        mailbox.close();
    }

    private ImapSettings settings(URI url) {
        return ImapSettings.of(url, Mailbox.PASSWORD, dir.resolve("imap.state"))
                .withPollInterval(Duration.ofMillis(300))
                .withIdle(false);
    }

    private ImapSource source(ImapSettings settings) {
        source = new ImapSource(settings, new RawPublisher(transport, Topics.DEFAULT.raw(), new SimpleMeterRegistry()));
        return source;
    }

    private void run(ImapSettings settings) {
        thread = new Thread(source(settings), "imaps");
        thread.start();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test
    void imapsIngestsEndToEndWhenTheOperatorTrustsTheServerCertificate() throws Exception {
        mailbox.send(ReportBuilder.mail("google.com", "tls1", "example.com", 2, Mailbox.ADDRESS));
        run(settings(mailbox.imapsUrl("localhost")).withTrustStore(Mailbox.serverCertificate()));
        await(() -> mailbox.count("processed") == 1);
        assertThat(mailbox.count("INBOX")).isZero();
        assertThat(raw.await(1)).singleElement().satisfies(d -> assertThat(
                        d.envelope().header(Headers.SOURCE))
                .startsWith("imaps://dmarc@localhost:")
                .contains("uid 1"));
    }

    @Test
    void selfSignedCertificateIsRefusedByTheDefaultSystemTrustStore() throws Exception {
        mailbox.send(ReportBuilder.mail("google.com", "tls2", "example.com", 1, Mailbox.ADDRESS));
        ImapSource untrusting = source(settings(mailbox.imapsUrl("localhost")));
        assertThatThrownBy(() -> untrusting.poll(() -> {}))
                .isInstanceOf(ImapSource.TlsRefusedException.class)
                .hasMessageContaining("not trusted")
                .hasMessageContaining("system trust store")
                .hasMessageContaining("PKIX");
        assertThat(mailbox.count("INBOX")).isEqualTo(1);
        assertThat(raw.received()).isEmpty();
    }

    @Test
    void certificateOtherThanTheTrustedOneIsRefused() {
        ImapSource wrongTrust =
                source(settings(mailbox.imapsUrl("localhost")).withTrustStore(Mailbox.otherCertificate()));
        assertThatThrownBy(() -> wrongTrust.poll(() -> {}))
                .isInstanceOf(ImapSource.TlsRefusedException.class)
                .hasMessageContaining("not trusted")
                .hasMessageContaining(Mailbox.otherCertificate().toString());
    }

    @Test
    void trustedCertificateThatDoesNotNameTheHostIsRefused() {
        // the certificate names localhost only; the same server reached as 127.0.0.1 must not be accepted
        ImapSource byAddress =
                source(settings(mailbox.imapsUrl("127.0.0.1")).withTrustStore(Mailbox.serverCertificate()));
        assertThatThrownBy(() -> byAddress.poll(() -> {}))
                .isInstanceOf(ImapSource.TlsRefusedException.class)
                .hasMessageContaining("does not name 127.0.0.1")
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void runningSourceKeepsRefusingAnUntrustedServerAndPublishesNothing() throws Exception {
        mailbox.send(ReportBuilder.mail("google.com", "tls3", "example.com", 1, Mailbox.ADDRESS));
        run(settings(mailbox.imapsUrl("localhost")));
        Thread.sleep(1_500); // first attempt and one retry after the 1 s backoff
        assertThat(thread.isAlive()).isTrue();
        assertThat(raw.received()).isEmpty();
        assertThat(mailbox.count("INBOX")).isEqualTo(1);
        assertThat(mailbox.count("processed")).isZero();
    }

    @Test
    void requiredStartTlsAgainstAServerWithoutItIsRefusedInsteadOfLoggingInInTheClear() {
        ImapSource startTls = source(settings(mailbox.imapUrl()).withStartTls(true));
        assertThatThrownBy(() -> startTls.poll(() -> {}))
                .isInstanceOf(ImapSource.TlsRefusedException.class)
                .hasMessageContaining("STARTTLS is required");
    }

    @Test
    void trustStoreThatHoldsNoCertificateIsRefusedAtStart() throws Exception {
        Path notPem = Files.writeString(dir.resolve("trust.pem"), "not a certificate\n");
        ImapSettings settings = settings(mailbox.imapsUrl("localhost")).withTrustStore(notPem);
        assertThatThrownBy(() -> source(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(notPem.toString());
        assertThatThrownBy(() -> source(settings.withTrustStore(dir.resolve("missing.pem"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read IMAP trust store");
    }
}
