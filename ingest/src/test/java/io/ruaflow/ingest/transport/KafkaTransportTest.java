package io.ruaflow.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.Envelope;
import io.ruaflow.ingest.Subscription;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.Transport;
import io.ruaflow.ingest.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaTransportTest extends TransportContract {
    private static KafkaBroker broker;
    private static KafkaTransport transport;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        transport = KafkaTransport.withBootstrap(broker.bootstrap(), testClientProperties());
    }

    /** Short timeouts so that tests notice a lost broker or member in seconds. */
    static Map<String, String> testClientProperties() {
        return Map.of(
                "consumer.session.timeout.ms", "6000",
                "consumer.heartbeat.interval.ms", "500",
                "linger.ms", "1");
    }

    @AfterAll
    static void stopBroker() {
        transport.close();
        transport.close();
        broker.close();
    }

    @Override
    Transport transport() {
        return transport;
    }

    @Test
    void createTopicsLeavesExistingTopicsAlone() {
        Topics topics = new Topics("c.raw", "c.records", "c.dlq");
        transport.createTopics(topics, 2, (short) 1, Duration.ofSeconds(30));
        transport.createTopics(topics, 2, (short) 1, Duration.ofSeconds(30));
        transport
                .publish("c.raw", Envelope.of("k", "v".getBytes(StandardCharsets.UTF_8)))
                .join();
    }

    @Test
    void committedOffsetsSurviveABrokerRestart() {
        String topic = "restart";
        for (int i = 0; i < 4; i++) {
            transport
                    .publish(topic, Envelope.of("k", ("m" + i).getBytes(StandardCharsets.UTF_8)))
                    .join();
        }
        try (Subscription subscription = transport.subscribe(topic, "g")) {
            List<Delivery> got = pollAtLeast(subscription, 4);
            subscription.commit(got.subList(0, 3));
        }
        broker.stop();
        broker.restart();
        try (Subscription subscription = transport.subscribe(topic, "g")) {
            assertThat(pollAtLeast(subscription, 1))
                    .extracting(TransportContract::text)
                    .containsExactly("m3");
        }
    }
}
