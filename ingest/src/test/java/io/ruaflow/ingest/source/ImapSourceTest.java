package io.ruaflow.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.ingest.Headers;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.testing.Drain;
import io.ruaflow.ingest.testing.Mailbox;
import io.ruaflow.ingest.transport.InProcessTransport;
import io.ruaflow.samples.ReportBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImapSourceTest {
    /** Mails appended one by one while the source idles. */
    private static final int APPENDED = 10;

    /** A poll interval (the longest IDLE) far beyond the test's wait: only IDLE can notice the mails in time. */
    private static final Duration IDLE_ONLY = Duration.ofMinutes(10);

    /** How long handling one mail takes, in the test with mails appended while others are handled. */
    private static final Duration SLOW_MOVE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final Mailbox mailbox = Mailbox.start();
    private final InProcessTransport transport = InProcessTransport.withCapacity(100);
    private final Drain raw = new Drain(transport, Topics.DEFAULT.raw(), "process");
    private Thread thread;
    private ImapSource source;

    @AfterEach
    void close() throws InterruptedException {
        stopSource();
        raw.close();
        transport.close();
        mailbox.close();
    }

    private ImapSource startSource(boolean idle) {
        ImapSettings settings = ImapSettings.of(mailbox.imapUrl(), Mailbox.PASSWORD, dir.resolve("imap.state"))
                .withPollInterval(Duration.ofMillis(300))
                .withIdle(idle);
        source = new ImapSource(settings, new RawPublisher(transport, Topics.DEFAULT.raw(), new SimpleMeterRegistry()));
        thread = new Thread(source, "imap");
        thread.start();
        return source;
    }

    private void stopSource() throws InterruptedException {
        if (source != null) {
            source.close();
            source.close();
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
            source = null;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test
    void reportMailIsPublishedAndMovedToProcessedAndBounceToInvalid() throws Exception {
        mailbox.send(ReportBuilder.mail("google.com", "r1", "example.com", 2, Mailbox.ADDRESS));
        mailbox.send(ReportBuilder.mailWithoutReport(Mailbox.ADDRESS, "out of office"));
        startSource(true);
        await(() -> mailbox.count("processed") == 1 && mailbox.count("invalid") == 1);
        assertThat(mailbox.count("INBOX")).isZero();
        assertThat(raw.await(1)).singleElement().satisfies(d -> {
            assertThat(d.envelope().header(Headers.SOURCE))
                    .startsWith("imap://dmarc@127.0.0.1:")
                    .contains("uid 1");
            assertThat(d.envelope().header(Headers.SOURCE_KIND)).isEqualTo("imap");
        });
    }

    @Test
    void mailArrivingWhileIdleIsPickedUp() throws Exception {
        startSource(true);
        Thread.sleep(500);
        mailbox.send(ReportBuilder.mail("google.com", "r2", "example.com", 1, Mailbox.ADDRESS));
        await(() -> mailbox.count("processed") == 1);
        assertThat(raw.await(1)).hasSize(1);
    }

    @Test
    void mailsAppendedOneByOneWhileIdlingAreEachPickedUpBeforeThePollInterval() throws Exception {
        ImapSettings settings = ImapSettings.of(mailbox.imapUrl(), Mailbox.PASSWORD, dir.resolve("imap.state"))
                .withPollInterval(IDLE_ONLY)
                .withIdle(true);
        source = new ImapSource(settings, new RawPublisher(transport, Topics.DEFAULT.raw(), new SimpleMeterRegistry()));
        source.beforeMarkDone(mail -> pause(SLOW_MOVE)); // mail arrives while the last ones are handled, too
        thread = new Thread(source, "imap");
        thread.start();
        Thread.sleep(500);
        for (int i = 1; i <= APPENDED; i++) {
            mailbox.send(ReportBuilder.mail("google.com", "idle-" + i, "example.com", 1, Mailbox.ADDRESS));
            Thread.sleep(i % 3 == 0 ? 0 : SLOW_MOVE.toMillis() * 2 / 3);
        }
        await(() -> mailbox.count("processed") == APPENDED);
        assertThat(raw.await(APPENDED)).hasSize(APPENDED);
    }

    @Test
    void restartResumesAfterTheLastHandledUidWithoutRepublishing() throws Exception {
        ImapSettings settings = ImapSettings.of(mailbox.imapUrl(), Mailbox.PASSWORD, dir.resolve("imap.state"))
                .withPollInterval(Duration.ofMillis(200))
                .withIdle(false);
        settings = new ImapSettings(
                settings.url(),
                settings.password(),
                false,
                "",
                "",
                settings.pollInterval(),
                false,
                settings.stateFile(),
                settings.timeout(),
                settings.maxInflight(),
                settings.maxInputBytes(),
                null);
        mailbox.send(ReportBuilder.mail("google.com", "r3", "example.com", 1, Mailbox.ADDRESS));
        RawPublisher publisher = new RawPublisher(transport, Topics.DEFAULT.raw(), new SimpleMeterRegistry());
        for (int round = 0; round < 2; round++) {
            ImapSource poller = new ImapSource(settings, publisher);
            Thread t = new Thread(poller);
            t.start();
            Thread.sleep(1_000);
            poller.close();
            t.join(10_000);
        }
        assertThat(mailbox.count("INBOX")).isEqualTo(1); // left in place: no processed folder configured
        assertThat(raw.await(1)).hasSize(1);
        Thread.sleep(200);
        assertThat(raw.received()).hasSize(1);
    }

    @Test
    void crashBetweenPublishAndMoveRepublishesTheMailAfterRestart() throws Exception {
        mailbox.send(ReportBuilder.mail("google.com", "r4", "example.com", 1, Mailbox.ADDRESS));
        ImapSource crashing = startSource(false);
        crashing.beforeMarkDone(mail -> {
            throw new IllegalStateException("killed between publish and move");
        });
        raw.await(1);
        stopSource();
        assertThat(mailbox.count("INBOX")).isEqualTo(1);
        startSource(false);
        await(() -> mailbox.count("processed") == 1);
        assertThat(raw.await(2)).hasSize(2);
        assertThat(raw.received().get(0).envelope().key())
                .isEqualTo(raw.received().get(1).envelope().key());
    }
}
