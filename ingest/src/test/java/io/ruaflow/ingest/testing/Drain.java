package io.ruaflow.ingest.testing;

import io.ruaflow.ingest.Delivery;
import io.ruaflow.ingest.Subscription;
import io.ruaflow.ingest.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads a topic in the background, committing everything at once, and keeps what arrived: a trivial next stage. */
public final class Drain implements AutoCloseable {
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;

    public Drain(Transport transport, String topic, String group) {
        Subscription subscription = transport.subscribe(topic, group);
        thread = new Thread(
                () -> {
                    try (subscription) {
                        while (!stopping) {
                            List<Delivery> got = subscription.poll(Duration.ofMillis(100));
                            received.addAll(got);
                            subscription.commit(got);
                        }
                    }
                },
                "drain-" + topic);
        thread.start();
    }

    public List<Delivery> received() {
        return new ArrayList<>(received);
    }

    /** Waits until at least {@code count} arrived (at most 30 s) and returns them. */
    public List<Delivery> await(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return received();
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
