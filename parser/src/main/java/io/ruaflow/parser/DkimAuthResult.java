package io.ruaflow.parser;

/** One DKIM signature the receiver evaluated. {@code selector} and {@code humanResult} may be null. */
public record DkimAuthResult(String domain, String selector, String result, String humanResult) {}
