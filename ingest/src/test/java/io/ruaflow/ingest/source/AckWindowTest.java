package io.ruaflow.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.ruaflow.enricher.testing.CapturedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AckWindowTest {
    private final CapturedLog log = CapturedLog.of(AckWindow.class);
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void release() {
        log.close();
        later.shutdownNow();
    }

    @Test
    void aPublishLongUnacknowledgedIsLoggedWhileIngestWaitsForIt() throws Exception {
        AckWindow<String> window = new AckWindow<>(1, Duration.ofMillis(50));
        List<String> done = new ArrayList<>();
        CompletableFuture<Void> slow = new CompletableFuture<>();
        window.add("a.xml", slow, done::add);
        later.schedule(() -> slow.complete(null), 400, TimeUnit.MILLISECONDS);

        window.add("b.xml", CompletableFuture.completedFuture(null), done::add); // waits for a.xml

        assertThat(done).containsExactly("a.xml", "b.xml");
        List<String> lines = log.lines(Level.WARN);
        assertThat(lines).isNotEmpty().allMatch(line -> line.startsWith("a.xml not acknowledged by the queue after"));
        assertThat(lines.size()).as("one line per interval, not per poll").isLessThanOrEqualTo(9);
    }

    @Test
    void promptAcknowledgementsAreNotLogged() throws Exception {
        AckWindow<String> window = new AckWindow<>(1, Duration.ofMillis(50));
        List<String> done = new ArrayList<>();
        for (String input : List.of("a.xml", "b.xml", "c.xml")) {
            window.add(input, CompletableFuture.completedFuture(null), done::add);
        }
        window.drain(done::add, 0);
        assertThat(done).containsExactly("a.xml", "b.xml", "c.xml");
        assertThat(log.lines()).isEmpty();
    }
}
