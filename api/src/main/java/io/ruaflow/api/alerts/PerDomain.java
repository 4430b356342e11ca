package io.ruaflow.api.alerts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A setting with a default and per-domain values, any of them {@code off}: {@code 100; example.com:50;
 * test.example:off}. Domains are matched case-insensitively.
 */
public final class PerDomain<T> {
    /** The word that switches an alert kind off. */
    public static final String OFF = "off";

    private final T fallback;
    /** Per domain: empty when switched off there. */
    private final Map<String, Optional<T>> byDomain;

    private PerDomain(T fallback, Map<String, Optional<T>> byDomain) {
        this.fallback = fallback;
        this.byDomain = Map.copyOf(byDomain);
    }

    /** The same value for every domain (null: off everywhere). */
    public static <T> PerDomain<T> everywhere(T value) {
        return new PerDomain<>(value, Map.of());
    }

    /**
     * Parses {@code DEFAULT[; domain:VALUE]...}, where any value may be {@code off}.
     *
     * @throws IllegalArgumentException naming the entry that does not parse
     */
    public static <T> PerDomain<T> parse(String text, Function<String, T> value) {
        T fallback = null;
        boolean fallbackSeen = false;
        Map<String, Optional<T>> byDomain = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            if (colon < 0) {
                if (fallbackSeen) {
                    throw new IllegalArgumentException("two defaults (entries without a domain): '" + text + "'");
                }
                fallback = parseValue(e, value);
                fallbackSeen = true;
                continue;
            }
            String domain = e.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (!domain.contains(".")) {
                throw new IllegalArgumentException(
                        "expected domain:value, like example.com:50 or example.com:off: '" + e + "'");
            }
            byDomain.put(
                    domain,
                    Optional.ofNullable(parseValue(e.substring(colon + 1).trim(), value)));
        }
        return new PerDomain<>(fallback, byDomain);
    }

    private static <T> T parseValue(String text, Function<String, T> value) {
        return text.equalsIgnoreCase(OFF) ? null : value.apply(text);
    }

    /** The value for {@code domain}; empty when the kind is off for it. */
    public Optional<T> forDomain(String domain) {
        String key = domain.toLowerCase(Locale.ROOT);
        return byDomain.getOrDefault(key, Optional.ofNullable(fallback));
    }

    /** Parses a whole number in {@code min..max}, naming the bounds when it is not. */
    public static Function<String, Long> range(long min, long max) {
        return text -> {
            long n;
            try {
                n = Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number or off: '" + text + "'");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max + " or off: " + n);
            }
            return n;
        };
    }

    /** {@code on} (or true) only; {@code off} is handled by {@link #parse}. */
    public static Boolean on(String text) {
        if (text.equalsIgnoreCase("on") || text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        throw new IllegalArgumentException("must be on or off: '" + text + "'");
    }
}
