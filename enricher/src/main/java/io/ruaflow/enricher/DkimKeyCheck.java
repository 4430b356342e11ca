package io.ruaflow.enricher;

/**
 * The fresh DNS check of one reported DKIM (domain, selector). {@code keyType} ({@code rsa} or {@code ed25519})
 * and {@code keyBits} are null unless the status is {@link DkimKeyStatus#FOUND}. {@link #toString()} says it in
 * words, as answers show it: {@code DKIM selector s1 for example.com: key missing}.
 */
public record DkimKeyCheck(
        String domain, String selector, DkimKeyStatus status, String keyType, Integer keyBits, boolean testing) {

    /** RSA keys shorter than this are unacceptable (RFC 8301). */
    public static final int MIN_RSA_BITS = 1024;

    /** Whether the key is a problem worth showing: not found, unusable, or an RSA key under 1024 bits. */
    public boolean isProblem() {
        return status != DkimKeyStatus.FOUND
                || ("rsa".equals(keyType) && keyBits != null && keyBits < MIN_RSA_BITS)
                || testing;
    }

    @Override
    public String toString() {
        String what = selector == null
                ? "DKIM signature for " + domain + " (no selector reported)"
                : "DKIM selector " + selector + " for " + domain;
        String state =
                switch (status == null ? DkimKeyStatus.TEMPERROR : status) {
                    case FOUND -> "key found"
                            + (keyType == null
                                    ? ""
                                    : " (" + keyType + (keyBits == null ? "" : " " + keyBits + " bits") + ")")
                            + ("rsa".equals(keyType) && keyBits != null && keyBits < MIN_RSA_BITS
                                    ? ", too short: under " + MIN_RSA_BITS + " bits"
                                    : "")
                            + (testing ? ", testing mode (t=y)" : "");
                    case MISSING -> "key missing";
                    case REVOKED -> "key revoked (empty p=)";
                    case INVALID -> "key record invalid";
                    case NO_SELECTOR -> "no key to look up";
                    case TEMPERROR -> "DNS did not answer";
                };
        return what + ": " + state;
    }
}
