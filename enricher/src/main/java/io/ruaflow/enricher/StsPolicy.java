package io.ruaflow.enricher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An MTA-STS policy file (RFC 8461 3.2), read leniently: lines may end in LF as well as CRLF, a UTF-8 byte order
 * mark is skipped, unknown keys are ignored (they are extensions), and everything wrong is listed in {@code problems} instead of refusing the file.
 * {@code version}, {@code mode} and {@code maxAge} are null when absent or unusable; {@code mx} holds the patterns
 * in file order, lower-cased, without a trailing dot.
 */
record StsPolicy(String version, String mode, List<String> mx, Long maxAge, List<String> problems) {
    /** The largest {@code max_age} RFC 8461 3.2 allows: one year in seconds. */
    static final long MAX_MAX_AGE_SECONDS = 31_557_600;
    /** The most lines read; a policy is a handful of lines. */
    static final int MAX_LINES = 1_000;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final List<String> MODES = List.of("enforce", "testing", "none");

    StsPolicy {
        mx = List.copyOf(mx);
        problems = List.copyOf(problems);
    }

    /** Reads a policy file's text; never throws. */
    static StsPolicy parse(String text) {
        List<String> problems = new ArrayList<>();
        List<String> mx = new ArrayList<>();
        String version = null;
        String mode = null;
        Long maxAge = null;
        boolean sawVersion = false;
        boolean sawMode = false;
        boolean sawMaxAge = false;
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\r?\n", -1);
        if (lines.length > MAX_LINES) {
            problems.add("more than " + MAX_LINES + " lines; only the first " + MAX_LINES + " were read");
        }
        for (int i = 0; i < Math.min(lines.length, MAX_LINES); i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                problems.add("line " + (i + 1) + " is not 'key: value': " + line);
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "version" -> {
                    if (sawVersion) {
                        problems.add("line " + (i + 1) + ": version appears twice");
                    }
                    sawVersion = true;
                    if ("STSv1".equals(value)) {
                        version = value;
                    } else {
                        problems.add("line " + (i + 1) + ": version must be STSv1: " + value);
                    }
                }
                case "mode" -> {
                    if (sawMode) {
                        problems.add("line " + (i + 1) + ": mode appears twice");
                    }
                    sawMode = true;
                    if (MODES.contains(value)) {
                        mode = value;
                    } else {
                        problems.add("line " + (i + 1) + ": mode must be enforce, testing or none: " + value);
                    }
                }
                case "max_age" -> {
                    if (sawMaxAge) {
                        problems.add("line " + (i + 1) + ": max_age appears twice");
                    }
                    sawMaxAge = true;
                    long seconds = DIGITS.matcher(value).matches() ? Long.parseLong(value) : -1;
                    if (seconds >= 0 && seconds <= MAX_MAX_AGE_SECONDS) {
                        maxAge = seconds;
                    } else {
                        problems.add("line " + (i + 1) + ": max_age must be seconds from 0 to " + MAX_MAX_AGE_SECONDS
                                + ": " + value);
                    }
                }
                case "mx" -> {
                    String pattern = normalizeName(value);
                    if (validPattern(pattern)) {
                        mx.add(pattern);
                    } else {
                        problems.add("line " + (i + 1) + ": mx must be a host name or *.domain: " + value);
                    }
                }
                default -> {
                    if (!key.matches("[A-Za-z0-9_]+")) {
                        problems.add("line " + (i + 1) + " is not 'key: value': " + line);
                    }
                }
            }
        }
        if (!sawVersion) {
            problems.add("version: STSv1 is missing (it must be the first line)");
        }
        if (!sawMode) {
            problems.add("mode is missing (enforce, testing or none)");
        }
        if (!sawMaxAge) {
            problems.add("max_age is missing (seconds, up to " + MAX_MAX_AGE_SECONDS + ")");
        }
        if (mx.isEmpty() && !"none".equals(mode)) {
            problems.add("no mx: line; a policy in mode " + (mode == null ? "enforce or testing" : mode)
                    + " needs one per MX host or *.domain pattern");
        }
        return new StsPolicy(version, mode, mx, maxAge, problems);
    }

    /**
     * Whether MX host {@code host} matches policy pattern {@code pattern} (RFC 8461 4.1): equal names, or
     * {@code *.example.com} for exactly one more label in front of {@code example.com}. Case and a trailing dot do
     * not matter.
     */
    static boolean matches(String pattern, String host) {
        String p = normalizeName(pattern);
        String h = normalizeName(host);
        if (p.startsWith("*.")) {
            String parent = p.substring(1);
            if (!h.endsWith(parent)) {
                return false;
            }
            String first = h.substring(0, h.length() - parent.length());
            return !first.isEmpty() && !first.contains(".");
        }
        return p.equals(h);
    }

    /** The hosts of {@code hosts} that no {@code mx} pattern matches, in the given order. */
    List<String> uncovered(Collection<String> hosts) {
        return hosts.stream()
                .filter(h -> mx.stream().noneMatch(p -> matches(p, h)))
                .toList();
    }

    /** The {@code mx} patterns that match none of {@code hosts}, in file order. */
    List<String> unused(Collection<String> hosts) {
        return mx.stream()
                .filter(p -> hosts.stream().noneMatch(h -> matches(p, h)))
                .toList();
    }

    private static String normalizeName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static boolean validPattern(String pattern) {
        String host = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
