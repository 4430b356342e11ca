package io.ruaflow.enricher;

/**
 * The fresh DNS check of one reported DKIM (domain, selector). {@code keyType} ({@code rsa} or {@code ed25519})
 * and {@code keyBits} are null unless the status is {@link DkimKeyStatus#FOUND}.
 */
public record DkimKeyCheck(
        String domain, String selector, DkimKeyStatus status, String keyType, Integer keyBits, boolean testing) {}
