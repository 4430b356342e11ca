package io.ruaflow.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.Envelope;
import io.ruaflow.ingest.Subscription;
import io.ruaflow.ingest.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What every transport guarantees; each implementation's test extends this. */
abstract class TransportContract {
    abstract Transport transport();

    static String text(Delivery delivery) {
        return new String(delivery.envelope().value(), StandardCharsets.UTF_8);
    }

    static List<Delivery> pollAtLeast(Subscription subscription, int count) {
        List<Delivery> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            out.addAll(subscription.poll(Duration.ofMillis(200)));
        }
        return out;
    }

    @Test
    void publishedMessagesArriveInOrderWithKeyAndHeaders() {
        String topic = "t-" + UUID.randomUUID();
        Transport transport = transport();
        try (Subscription subscription = transport.subscribe(topic, "g")) {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                acks.add(transport.publish(
                        topic,
                        new Envelope(
                                "k" + i,
                                ("m" + i).getBytes(StandardCharsets.UTF_8),
                                Map.of("ruaflow.source", "s" + i))));
            }
            List<Delivery> got = pollAtLeast(subscription, 5);
            assertThat(got).extracting(TransportContract::text).containsExactly("m0", "m1", "m2", "m3", "m4");
            assertThat(got.get(3).envelope().key()).isEqualTo("k3");
            assertThat(got.get(3).envelope().header("ruaflow.source")).isEqualTo("s3");
            subscription.commit(got);
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        }
    }

    @Test
    void uncommittedMessagesAreDeliveredAgainToTheNextConsumerOfTheGroup() {
        String topic = "t-" + UUID.randomUUID();
        Transport transport = transport();
        List<Delivery> first;
        try (Subscription subscription = transport.subscribe(topic, "g")) {
            for (int i = 0; i < 6; i++) {
                transport.publish(topic, Envelope.of("k", ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
            first = pollAtLeast(subscription, 6);
            assertThat(first).hasSize(6);
            assertThat(subscription.commit(first.subList(0, 2))).isTrue();
        }
        try (Subscription again = transport.subscribe(topic, "g")) {
            List<Delivery> second = pollAtLeast(again, 4);
            assertThat(second).extracting(TransportContract::text).containsExactly("m2", "m3", "m4", "m5");
            again.commit(second);
        }
    }

    @Test
    void pausedSubscriptionReceivesNothingUntilResumed() {
        String topic = "t-" + UUID.randomUUID();
        Transport transport = transport();
        try (Subscription subscription = transport.subscribe(topic, "g")) {
            subscription.poll(Duration.ofMillis(100));
            subscription.pause();
            transport.publish(topic, Envelope.of("k", "x".getBytes(StandardCharsets.UTF_8)));
            transport.flush();
            assertThat(subscription.poll(Duration.ofMillis(500))).isEmpty();
            subscription.resume();
            List<Delivery> got = pollAtLeast(subscription, 1);
            assertThat(got).extracting(TransportContract::text).containsExactly("x");
            subscription.commit(got);
        }
    }
}
