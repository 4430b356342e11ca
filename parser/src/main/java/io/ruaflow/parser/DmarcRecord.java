package io.ruaflow.parser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A DMARC policy record as published at {@code _dmarc.<domain>} (RFC 9989 4.7): its {@code tag=value} pairs in
 * order, tag names lower-cased, values trimmed. Parsing never throws: what does not follow the grammar is kept in
 * {@link #problems()} so that a lint can report it, and the tags that did parse are still usable.
 */
public final class DmarcRecord {
    /** {@code v=DMARC1} first, with optional spaces around {@code =}; the value is case-sensitive. */
    private static final Pattern VERSION = Pattern.compile("^[vV][ \\t]*=[ \\t]*DMARC1[ \\t]*(;.*)?$", Pattern.DOTALL);

    private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final String text;
    private final Map<String, String> tags;
    private final List<String> problems;

    private DmarcRecord(String text, Map<String, String> tags, List<String> problems) {
        this.text = text;
        this.tags = Collections.unmodifiableMap(tags);
        this.problems = List.copyOf(problems);
    }

    /** Whether a TXT string is a DMARC record at all: it starts with {@code v=DMARC1}. */
    public static boolean isDmarc(String txt) {
        return txt != null && VERSION.matcher(txt.trim()).matches();
    }

    /** Reads a TXT string that {@link #isDmarc} accepted (others parse too, with a problem noted). */
    public static DmarcRecord parse(String txt) {
        Map<String, String> tags = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (!isDmarc(txt)) {
            problems.add("does not start with v=DMARC1");
        }
        for (String part : txt.split(";")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                problems.add("not a tag=value pair: '" + trimmed + "'");
                continue;
            }
            String name = trimmed.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!TAG_NAME.matcher(name).matches()) {
                problems.add("bad tag name: '" + trimmed.substring(0, eq).trim() + "'");
                continue;
            }
            if (tags.containsKey(name)) {
                problems.add("tag " + name + " appears twice");
                continue;
            }
            tags.put(name, trimmed.substring(eq + 1).trim());
        }
        return new DmarcRecord(txt, tags, problems);
    }

    /** The record as published. */
    public String text() {
        return text;
    }

    /** Every tag in order of appearance; the first of a repeated tag wins. */
    public Map<String, String> tags() {
        return tags;
    }

    /** A tag's value, null when absent. */
    public String tag(String name) {
        return tags.get(name);
    }

    /** A tag's value lower-cased, for the tags whose values are keywords; null when absent. */
    public String keyword(String name) {
        String value = tags.get(name);
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** The {@code psd} tag: {@code y}, {@code n} or {@code u} (also for an absent or unknown value). */
    public char psd() {
        String value = keyword("psd");
        return "y".equals(value) ? 'y' : "n".equals(value) ? 'n' : 'u';
    }

    /** What does not follow the tag grammar, in words; empty for a clean record. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public String toString() {
        return text;
    }
}
