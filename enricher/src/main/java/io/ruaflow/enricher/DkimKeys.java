package io.ruaflow.enricher;

import io.ruaflow.enricher.dns.DnsAnswer;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads a DKIM key record (RFC 6376 3.6.1) into a {@link DkimKeyCheck}. */
final class DkimKeys {
    static final int ED25519_KEY_BYTES = 32;

    private DkimKeys() {}

    static DkimKeyCheck check(String domain, String selector, DnsAnswer answer) {
        if (answer.isTempError()) {
            return new DkimKeyCheck(domain, selector, DkimKeyStatus.TEMPERROR, null, null, false);
        }
        String chosen = null;
        for (String txt : answer.texts()) {
            Map<String, String> tags = tags(txt);
            if (tags != null && ("DKIM1".equals(tags.get("v")) || tags.containsKey("p"))) {
                chosen = txt;
                break;
            }
            if (tags != null && tags.containsKey("v")) {
                chosen = txt;
            }
        }
        if (chosen == null) {
            return new DkimKeyCheck(domain, selector, DkimKeyStatus.MISSING, null, null, false);
        }
        return fromRecord(domain, selector, chosen);
    }

    static DkimKeyCheck fromRecord(String domain, String selector, String txt) {
        Map<String, String> tags = tags(txt);
        if (tags == null) {
            return invalid(domain, selector, false);
        }
        boolean testing = false;
        String flags = tags.get("t");
        if (flags != null) {
            for (String flag : flags.split(":")) {
                testing |= flag.trim().equalsIgnoreCase("y");
            }
        }
        String version = tags.get("v");
        if (version != null && !version.equals("DKIM1")) {
            return invalid(domain, selector, testing);
        }
        String p = tags.get("p");
        if (p == null) {
            return invalid(domain, selector, testing);
        }
        p = p.replaceAll("\\s+", "");
        if (p.isEmpty()) {
            return new DkimKeyCheck(domain, selector, DkimKeyStatus.REVOKED, null, null, testing);
        }
        String keyType = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            return invalid(domain, selector, testing);
        }
        if (keyType.equals("ed25519")) {
            return key.length == ED25519_KEY_BYTES
                    ? new DkimKeyCheck(domain, selector, DkimKeyStatus.FOUND, keyType, 256, testing)
                    : invalid(domain, selector, testing);
        }
        if (!keyType.equals("rsa")) {
            return invalid(domain, selector, testing);
        }
        Integer bits = rsaBits(key);
        return bits == null
                ? invalid(domain, selector, testing)
                : new DkimKeyCheck(domain, selector, DkimKeyStatus.FOUND, keyType, bits, testing);
    }

    private static DkimKeyCheck invalid(String domain, String selector, boolean testing) {
        return new DkimKeyCheck(domain, selector, DkimKeyStatus.INVALID, null, null, testing);
    }

    /** The modulus size of a SubjectPublicKeyInfo, or of a bare PKCS#1 RSAPublicKey that some publishers use. */
    static Integer rsaBits(byte[] der) {
        try {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            return key.getModulus().bitLength();
        } catch (Exception e) {
            return pkcs1Bits(der);
        }
    }

    private static Integer pkcs1Bits(byte[] der) {
        try {
            int[] pos = {0};
            if ((der[pos[0]++] & 0xff) != 0x30) {
                return null;
            }
            length(der, pos);
            if ((der[pos[0]++] & 0xff) != 0x02) {
                return null;
            }
            int len = length(der, pos);
            byte[] modulus = java.util.Arrays.copyOfRange(der, pos[0], pos[0] + len);
            int bits = new BigInteger(1, modulus).bitLength();
            return bits > 0 ? bits : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int length(byte[] der, int[] pos) {
        int first = der[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[pos[0]++] & 0xff);
        }
        return length;
    }

    /** {@code tag=value} pairs separated by {@code ;}; null when the text is not a tag list. */
    static Map<String, String> tags(String txt) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : txt.split(";")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String name = trimmed.substring(0, eq).trim();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*") || tags.containsKey(name)) {
                return null;
            }
            tags.put(name, trimmed.substring(eq + 1).trim());
        }
        return tags.isEmpty() ? null : tags;
    }
}
