package io.ruaflow.api.alerts;

import java.io.IOException;

/** Where a fired alert goes: a webhook, or mail. */
public interface AlertChannel {
    /** {@code webhook} or {@code mail}: the name delivery outcomes are recorded under. */
    String name();

    /** Whether this channel has anywhere to send alerts about {@code domain}. */
    default boolean covers(String domain) {
        return true;
    }

    /**
     * Sends once.
     *
     * @throws IOException when the receiver cannot be reached or refuses: worth another attempt
     */
    void send(Alert alert) throws IOException;
}
