package io.ruaflow.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.enricher.testing.CapturedLog;
import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.Headers;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.testing.Drain;
import io.ruaflow.ingest.transport.InProcessTransport;
import io.ruaflow.samples.ReportBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySourceTest {
    @TempDir
    Path root;

    private final InProcessTransport transport = InProcessTransport.withCapacity(100);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Drain raw = new Drain(transport, Topics.DEFAULT.raw(), "process");

    @AfterEach
    void close() {
        raw.close();
        transport.close();
    }

    private DirectorySource source() {
        return new DirectorySource(
                root, DirectorySettings.defaultsFor(root), new RawPublisher(transport, Topics.DEFAULT.raw(), meters));
    }

    @Test
    void reportFilesArePublishedThenMovedToProcessedKeepingTheirPath() throws Exception {
        Files.createDirectories(root.resolve("2026/11"));
        Files.write(
                root.resolve("2026/11/google.xml.gz"),
                ReportBuilder.gzip(ReportBuilder.xml("google.com", "1", "example.com", 2)));
        Files.writeString(root.resolve("plain.xml"), ReportBuilder.xml("yahoo.com", "2", "example.com", 1));
        assertThat(source().scanOnce()).isEqualTo(2);
        assertThat(raw.await(2))
                .extracting(d -> d.envelope().header(Headers.SOURCE))
                .containsExactlyInAnyOrder("2026/11/google.xml.gz", "plain.xml");
        Delivery first = raw.received().get(0);
        assertThat(first.envelope().key())
                .isEqualTo(first.envelope().header(Headers.SHA256))
                .hasSize(64);
        assertThat(root.resolve("processed/2026/11/google.xml.gz")).exists();
        assertThat(root.resolve("processed/plain.xml")).exists();
        assertThat(root.resolve("plain.xml")).doesNotExist();
        assertThat(source().scanOnce()).isZero();
    }

    private DirectorySource polling(Duration settle) {
        DirectorySettings defaults = DirectorySettings.defaultsFor(root);
        DirectorySettings settings = new DirectorySettings(
                defaults.processed(),
                defaults.invalid(),
                Duration.ofSeconds(1),
                defaults.maxInflight(),
                defaults.maxInputBytes(),
                settle);
        return new DirectorySource(root, settings, new RawPublisher(transport, Topics.DEFAULT.raw(), meters));
    }

    @Test
    void whilePollingAFileStillBeingWrittenIsLeftForALaterScan() throws Exception {
        byte[] report = ReportBuilder.gzip(ReportBuilder.xml("google.com", "1", "example.com", 50));
        Path file = root.resolve("copying.xml.gz");
        Files.write(file, java.util.Arrays.copyOf(report, report.length / 2)); // the copy has just begun
        DirectorySource source = polling(Duration.ofMinutes(10));
        assertThat(source.scanOnce()).isZero();
        assertThat(file).exists();

        Files.write(file, report); // the copy is done, the time it ended is a moment ago: still waits
        assertThat(source.scanOnce()).isZero();

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
        assertThat(source.scanOnce()).isEqualTo(1);
        assertThat(raw.await(1))
                .singleElement()
                .satisfies(d -> assertThat(d.envelope().value()).isEqualTo(report));
        assertThat(root.resolve("processed/copying.xml.gz")).exists();
    }

    @Test
    void aFileStampedInTheFutureIsReadOnceAScanSawItUnchangedForTheSettleTime() throws Exception {
        Path file = Files.writeString(root.resolve("skewed.xml"), ReportBuilder.xml("google.com", "1", "ex.com", 1));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plus(Duration.ofDays(1)))); // a clock ahead
        DirectorySource source = polling(Duration.ofMillis(200));
        assertThat(source.scanOnce()).isZero();
        Thread.sleep(300);
        assertThat(source.scanOnce()).isEqualTo(1);
    }

    @Test
    void aOneTimeScanReadsAFileWrittenAMomentAgo() throws Exception {
        Files.writeString(root.resolve("fresh.xml"), ReportBuilder.xml("google.com", "1", "example.com", 1));
        assertThat(source().scanOnce()).isEqualTo(1);
    }

    @Test
    void mailWithoutReportIsMovedToInvalidUnpublished() throws Exception {
        Files.write(root.resolve("bounce.eml"), ReportBuilder.mailWithoutReport("dmarc@example.com", "bounce"));
        Files.write(
                root.resolve("report.eml"), ReportBuilder.mail("google.com", "1", "example.com", 1, "x@example.com"));
        assertThat(source().scanOnce()).isEqualTo(1);
        assertThat(root.resolve("invalid/bounce.eml")).exists();
        assertThat(root.resolve("processed/report.eml")).exists();
        assertThat(raw.await(1)).hasSize(1);
    }

    @Test
    void fileOverTheInputLimitIsMovedToInvalidWithTheKeyThatRaisesIt() throws Exception {
        byte[] report = ReportBuilder.xml("google.com", "1", "example.com", 1).getBytes(StandardCharsets.UTF_8);
        Files.write(root.resolve("big.xml"), report);
        DirectorySettings settings = new DirectorySettings(
                root.resolve("processed"),
                root.resolve("invalid"),
                Duration.ZERO,
                10,
                report.length - 1,
                DirectorySettings.DEFAULT_SETTLE);
        List<String> lines;
        try (CapturedLog log = CapturedLog.of(DirectorySource.class)) {
            new DirectorySource(root, settings, new RawPublisher(transport, Topics.DEFAULT.raw(), meters)).scanOnce();
            lines = log.lines();
        }

        assertThat(root.resolve("invalid/big.xml")).exists();
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("big.xml: " + report.length + " bytes is over the limit of " + (report.length - 1))
                .contains("raised by " + DirectorySettings.MAX_INPUT_BYTES_KEY));
    }

    @Test
    void maildirMessagesAreImportedAndItsTmpFolderIsLeftAlone() throws Exception {
        for (String dir : new String[] {"Maildir/new", "Maildir/cur", "Maildir/tmp"}) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.write(root.resolve("Maildir/new/1.host"), ReportBuilder.mail("a.example", "1", "example.com", 1, "x@e"));
        Files.write(
                root.resolve("Maildir/cur/2.host:2,S"), ReportBuilder.mail("b.example", "2", "example.com", 1, "x@e"));
        Files.write(root.resolve("Maildir/tmp/3.host"), ReportBuilder.mail("c.example", "3", "example.com", 1, "x@e"));
        assertThat(source().scanOnce()).isEqualTo(2);
        assertThat(raw.await(2)).allSatisfy(d -> assertThat(d.envelope().header(Headers.SOURCE_KIND))
                .isEqualTo("maildir"));
        assertThat(root.resolve("Maildir/tmp/3.host")).exists();
    }

    @Test
    void mboxIsSplitIntoItsMessagesWithFromQuotingUndone() throws Exception {
        String first =
                new String(ReportBuilder.mail("a.example", "1", "example.com", 1, "x@e"), StandardCharsets.US_ASCII);
        String second = new String(
                        ReportBuilder.mail("b.example", "2", "example.com", 1, "x@e"), StandardCharsets.US_ASCII)
                .replace("DMARC aggregate report.", "DMARC aggregate report.\r\n>From the sender");
        String bounce = new String(ReportBuilder.mailWithoutReport("x@e", "bounce"), StandardCharsets.US_ASCII);
        String mbox = "From a@example Mon Nov 17 00:00:00 2026\n" + first + "\n"
                + "From b@example Mon Nov 17 00:00:01 2026\n" + second + "\n"
                + "From c@example Mon Nov 17 00:00:02 2026\n" + bounce + "\n";
        Files.writeString(root.resolve("archive.mbox"), mbox);
        assertThat(source().scanOnce()).isEqualTo(2);
        assertThat(raw.await(2))
                .extracting(d -> d.envelope().header(Headers.SOURCE))
                .containsExactly("archive.mbox#1", "archive.mbox#2");
        String secondBody = new String(raw.received().get(1).envelope().value(), StandardCharsets.US_ASCII);
        assertThat(secondBody)
                .contains("\nFrom the sender")
                .doesNotContain(">From the sender")
                .startsWith("From: ");
        assertThat(root.resolve("processed/archive.mbox")).exists();
    }

    @Test
    void crashBetweenPublishAndMoveLeavesTheFileToBeImportedAgain() throws Exception {
        Files.writeString(root.resolve("a.xml"), ReportBuilder.xml("google.com", "1", "example.com", 1));
        DirectorySource crashing = source();
        crashing.beforeMarkDone(file -> {
            throw new IllegalStateException("killed between publish and move");
        });
        assertThatThrownBy(crashing::scanOnce).hasMessageContaining("killed");
        assertThat(raw.await(1)).hasSize(1);
        assertThat(root.resolve("a.xml")).exists();
        assertThat(source().scanOnce()).isEqualTo(1);
        assertThat(raw.await(2)).hasSize(2);
        assertThat(root.resolve("processed/a.xml")).exists();
    }
}
