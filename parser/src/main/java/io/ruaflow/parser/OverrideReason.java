package io.ruaflow.parser;

/** Why the receiver applied a disposition other than the published policy; {@code comment} may be null. */
public record OverrideReason(String type, String comment) {}
