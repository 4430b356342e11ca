package io.ruaflow.deploy.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key, declared once: a dotted name with its unit ({@code sink.batch.max.ms}), a sentence of
 * documentation, a default (null: no default), and a parser that validates. Flags, {@code RUAFLOW_*} environment
 * variables and the config file are all read through this declaration.
 */
public record ConfigKey<T>(String name, String doc, String defaultValue, Function<String, T> parser) {
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(parser, "parser");
    }

    /** {@code sink.batch.max.ms} → {@code RUAFLOW_SINK_BATCH_MAX_MS}. */
    public String envName() {
        return "RUAFLOW_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Parses and validates; the message names the key and the value. */
    public T parse(String value) {
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    public static ConfigKey<String> string(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, doc, defaultValue, value -> value);
    }

    public static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
        return new ConfigKey<>(name, doc, Integer.toString(defaultValue), value -> {
            int parsed;
            try {
                parsed = Integer.parseInt(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number: '" + value + "'");
            }
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max + ": " + parsed);
            }
            return parsed;
        });
    }

    public static ConfigKey<Long> longValue(String name, long defaultValue, long min, long max, String doc) {
        return new ConfigKey<>(name, doc, Long.toString(defaultValue), value -> {
            long parsed;
            try {
                parsed = Long.parseLong(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number: '" + value + "'");
            }
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max + ": " + parsed);
            }
            return parsed;
        });
    }

    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
        return new ConfigKey<>(
                name, doc, Boolean.toString(defaultValue), value -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> true;
                    case "false", "no", "off", "0" -> false;
                    default -> throw new IllegalArgumentException("must be true or false: '" + value + "'");
                });
    }
}
