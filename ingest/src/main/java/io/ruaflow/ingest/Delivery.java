package io.ruaflow.ingest;

/** A message as a consumer received it: where it sits on the topic (partition, offset) and the message itself. */
public record Delivery(String topic, int partition, long offset, Envelope envelope) {}
