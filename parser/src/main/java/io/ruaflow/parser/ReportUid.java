package io.ruaflow.parser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of a report across re-deliveries: a provider that re-sends a report keeps its org name, report id
 * and policy domain, so the hash of those three (case-folded, trimmed) is the same every time.
 */
public final class ReportUid {
    private static final int UID_HEX_CHARS = 32;

    private ReportUid() {}

    public static String of(String orgName, String reportId, String policyDomain) {
        String key = fold(orgName) + '\n' + fold(reportId) + '\n' + fold(policyDomain);
        return sha256Hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, UID_HEX_CHARS);
    }

    /** Lower-case hex sha256 of {@code bytes}; the raw id of every input the pipeline sees. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String fold(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }
}
