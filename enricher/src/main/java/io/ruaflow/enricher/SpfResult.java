package io.ruaflow.enricher;

import java.util.List;

/**
 * The outcome of RFC 7208 {@code check_host}: {@code result} is one of none, neutral, pass, fail, softfail,
 * temperror, permerror. {@code mechanism} is the term of the checked domain's record that decided it (as written,
 * e.g. {@code include:_spf.google.com} or {@code -all}), {@code default} when nothing matched, or null for none,
 * temperror and permerror. {@code explanation} is the expanded {@code exp=} text for a fail, else null;
 * {@code includes} is the chain of include and redirect targets through which the deciding
 * term was reached, outermost first (empty when the checked domain's own record decided, and for errors): it names
 * who authorized the IP, so a sending service is identified from it only when the result is pass.
 * {@code problem} says what went wrong for temperror and permerror, else null.
 */
public record SpfResult(String result, String mechanism, String explanation, List<String> includes, String problem) {
    public SpfResult {
        includes = List.copyOf(includes);
    }
}
