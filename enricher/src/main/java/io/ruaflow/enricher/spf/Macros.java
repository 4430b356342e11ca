package io.ruaflow.enricher.spf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** RFC 7208 section 7 macro strings: syntax check and expansion. */
final class Macros {
    static final String DELIMITERS = ".-+,/_=";
    private static final String PLAIN_LETTERS = "slodipvh";
    private static final String EXP_ONLY_LETTERS = "crt";

    private Macros() {}

    /**
     * Checks the syntax of {@code text}; returns whether it ends with a macro-expand (which lets a domain-spec skip
     * the top-label rule).
     */
    static boolean checkSyntax(String text, boolean explanation) throws SpfException {
        return walk(text, explanation, null, new StringBuilder());
    }

    /** Expands {@code text}; {@code values} maps a lower-case macro letter to its value. */
    static String expand(String text, boolean explanation, Function<Character, String> values) throws SpfException {
        StringBuilder out = new StringBuilder();
        walk(text, explanation, values, out);
        return out.toString();
    }

    private static boolean walk(String s, boolean explanation, Function<Character, String> values, StringBuilder out)
            throws SpfException {
        boolean endsWithMacro = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 1 >= s.length()) {
                    throw SpfException.perm("macro string ends with a lone %: " + s);
                }
                char d = s.charAt(i + 1);
                if (d == '%') {
                    out.append('%');
                    i += 2;
                } else if (d == '_') {
                    out.append(' ');
                    i += 2;
                } else if (d == '-') {
                    out.append("%20");
                    i += 2;
                } else if (d == '{') {
                    int close = s.indexOf('}', i + 2);
                    if (close < 0) {
                        throw SpfException.perm("unclosed macro in " + s);
                    }
                    expandOne(s.substring(i + 2, close), s, explanation, values, out);
                    i = close + 1;
                } else {
                    throw SpfException.perm("invalid macro %" + d + " in " + s);
                }
                endsWithMacro = true;
                continue;
            }
            if (explanation ? (c < 0x20 || c > 0x7e) : (c < 0x21 || c > 0x7e)) {
                throw SpfException.perm("invalid character (code " + (int) c + ") in " + s);
            }
            out.append(c);
            endsWithMacro = false;
            i++;
        }
        return endsWithMacro;
    }

    private static void expandOne(
            String body, String whole, boolean explanation, Function<Character, String> values, StringBuilder out)
            throws SpfException {
        if (body.isEmpty()) {
            throw SpfException.perm("empty macro in " + whole);
        }
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        boolean known = PLAIN_LETTERS.indexOf(lower) >= 0 || (explanation && EXP_ONLY_LETTERS.indexOf(lower) >= 0);
        if (!known || letter > 0x7e) {
            throw SpfException.perm("invalid macro letter " + letter + " in " + whole);
        }
        int j = 1;
        while (j < body.length() && Character.isDigit(body.charAt(j)) && body.charAt(j) < 0x80) {
            j++;
        }
        String digits = body.substring(1, j);
        boolean reverse = false;
        if (j < body.length() && (body.charAt(j) == 'r' || body.charAt(j) == 'R')) {
            reverse = true;
            j++;
        }
        String delimiters = body.substring(j);
        for (char d : delimiters.toCharArray()) {
            if (DELIMITERS.indexOf(d) < 0) {
                throw SpfException.perm("invalid macro delimiter " + d + " in " + whole);
            }
        }
        int keep = Integer.MAX_VALUE;
        if (!digits.isEmpty()) {
            String trimmed = digits.replaceFirst("^0+(?=\\d)", "");
            keep = trimmed.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(trimmed);
            if (keep == 0) {
                throw SpfException.perm("macro transformer 0 in " + whole);
            }
        }
        if (values == null) {
            return;
        }
        String value = values.apply(lower);
        List<String> parts = new ArrayList<>(split(value, delimiters.isEmpty() ? "." : delimiters));
        if (reverse) {
            Collections.reverse(parts);
        }
        if (keep < parts.size()) {
            parts = parts.subList(parts.size() - keep, parts.size());
        }
        String joined = String.join(".", parts);
        out.append(Character.isUpperCase(letter) ? urlEscape(joined) : joined);
    }

    private static List<String> split(String value, String delimiters) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < value.length(); k++) {
            if (delimiters.indexOf(value.charAt(k)) >= 0) {
                parts.add(value.substring(start, k));
                start = k + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    static String urlEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
            }
        }
        return out.toString();
    }
}
