package io.ruaflow.store.internal;

/**
 * The one place a value becomes ClickHouse SQL text. Every value that is not bound as a parameter goes through
 * {@link #quote}; identifiers are never built from input.
 */
public final class SqlLiterals {
    private SqlLiterals() {}

    /**
     * A ClickHouse string literal for {@code value}: wrapped in single quotes, with backslash, quote and every
     * control character escaped, so that no value can end the literal early. Works on every ClickHouse from 18.16.
     *
     * @throws IllegalArgumentException when {@code value} is null (write {@code NULL} instead)
     */
    public static String quote(String value) {
        if (value == null) {
            throw new IllegalArgumentException("cannot quote null as a string literal; write NULL");
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        out.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '\0' -> out.append("\\0");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }
}
