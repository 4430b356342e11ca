package io.ruaflow.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AckWindowTest {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AckWindow.class);
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
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
        List<String> lines = log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
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
        assertThat(log.list).isEmpty();
    }
}
