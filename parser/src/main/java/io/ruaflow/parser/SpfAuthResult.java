package io.ruaflow.parser;

/** One SPF check the receiver made; {@code scope} is {@code mfrom} or {@code helo}, null when not reported. */
public record SpfAuthResult(String domain, String scope, String result, String humanResult) {}
