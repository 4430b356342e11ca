package io.ruaflow.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.Envelope;
import io.ruaflow.ingest.Subscription;
import io.ruaflow.ingest.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessTransportTest extends TransportContract {
    private final InProcessTransport transport = InProcessTransport.withCapacity(100);

    @Override
    Transport transport() {
        return transport;
    }

    @AfterEach
    void close() {
        transport.close();
        transport.close();
    }

    @Test
    void publishIsAcknowledgedOnlyWhenTheSubscribedGroupCommitted() {
        try (Subscription subscription = transport.subscribe("ack", "g")) {
            CompletableFuture<Void> ack = transport.publish("ack", Envelope.of("k", bytes("a")));
            List<Delivery> got = subscription.poll(Duration.ofSeconds(1));
            assertThat(got).hasSize(1);
            assertThat(ack).isNotDone();
            subscription.commit(got);
            assertThat(ack).isCompleted();
        }
    }

    @Test
    void publishBlocksWhileTheQueueIsFullOfUncommittedMessages() throws Exception {
        InProcessTransport small = InProcessTransport.withCapacity(2);
        try (Subscription subscription = small.subscribe("full", "g")) {
            small.publish("full", Envelope.of("k", bytes("1")));
            small.publish("full", Envelope.of("k", bytes("2")));
            Thread publisher = new Thread(() -> small.publish("full", Envelope.of("k", bytes("3"))));
            publisher.start();
            publisher.join(300);
            assertThat(publisher.isAlive()).isTrue();
            subscription.commit(subscription.poll(Duration.ofSeconds(1)));
            publisher.join(5_000);
            assertThat(publisher.isAlive()).isFalse();
        } finally {
            small.close();
        }
    }

    @Test
    void topicWithoutSubscribersKeepsOnlyTheLatestMessagesAndNeverBlocks() {
        InProcessTransport small = InProcessTransport.withCapacity(2);
        for (int i = 0; i < 5; i++) {
            assertThat(small.publish("dlq", Envelope.of("k", bytes("m" + i)))).isCompleted();
        }
        assertThat(small.backlog("dlq")).isEqualTo(2);
        small.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
