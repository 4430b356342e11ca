package io.ruaflow.api;

import io.javalin.http.Context;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The sources list's narrowing and order, applied to a domain's sources as the store answered them: by
 * classification, by sending service, by a search in the IP or PTR name, sorted by volume or by failing volume.
 * (The reporter filter changes the counts themselves, so the store applies it: {@link SourceQuery#reporter()}.)
 * Every field is null or false when not asked for.
 */
record SourceFilter(String classification, String service, String search, Sort sort) {
    /** The longest search text accepted: a PTR name is a domain name, at most 253 characters. */
    static final int MAX_SEARCH_LENGTH = Params.MAX_DOMAIN_LENGTH;
    /** The longest reporter or service name accepted in a filter. */
    static final int MAX_NAME_LENGTH = 200;

    /** How the list is ordered; ties are broken by volume, then by IP. */
    enum Sort {
        VOLUME,
        FAILURES;

        static Sort fromName(String text) {
            for (Sort s : values()) {
                if (s.name().equalsIgnoreCase(text)) {
                    return s;
                }
            }
            throw ApiException.badRequest("sort must be volume or failures: " + Params.shorten(text));
        }
    }

    static final SourceFilter NONE = new SourceFilter(null, null, null, Sort.VOLUME);

    /** Reads {@code class}, {@code service}, {@code q} and {@code sort}; bad values are a 400 naming them. */
    static SourceFilter from(Context ctx) {
        String classification = text(ctx, "class", MAX_NAME_LENGTH);
        if (classification != null) {
            String wanted = classification.toLowerCase(Locale.ROOT);
            if (!SourceRow.CLASSIFICATIONS.contains(wanted)) {
                throw ApiException.badRequest(
                        "class must be one of " + SourceRow.CLASSIFICATIONS + ": " + Params.shorten(classification));
            }
            classification = wanted;
        }
        String sortName = text(ctx, "sort", MAX_NAME_LENGTH);
        return new SourceFilter(
                classification,
                text(ctx, "service", MAX_NAME_LENGTH),
                text(ctx, "q", MAX_SEARCH_LENGTH),
                sortName == null ? Sort.VOLUME : Sort.fromName(sortName));
    }

    /**
     * A query parameter ({@link Params#query}: no control characters), trimmed; null when absent or blank; a 400 when
     * longer than {@code max}.
     */
    static String text(Context ctx, String name, int max) {
        String value = Params.query(ctx, name);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.strip();
        if (value.length() > max) {
            throw ApiException.badRequest(name + " must be at most " + max + " characters: " + Params.shorten(value));
        }
        return value;
    }

    /** Whether the store's own order and limit already answer this (nothing to filter, sorted by volume). */
    boolean isNone() {
        return equals(NONE);
    }

    /** The rows this filter keeps, in its order, at most {@code limit}. */
    List<SourceRow> apply(List<SourceRow> rows, int limit) {
        String needle = search == null ? null : search.toLowerCase(Locale.ROOT);
        Comparator<SourceRow> byVolume =
                Comparator.comparingLong(SourceRow::messages).reversed().thenComparing(SourceRow::sourceIp);
        Comparator<SourceRow> order = sort == Sort.FAILURES
                ? Comparator.comparingLong(SourceRow::dmarcFail).reversed().thenComparing(byVolume)
                : byVolume;
        return rows.stream()
                .filter(r -> classification == null || classification.equals(r.classification()))
                .filter(r -> service == null || service.equalsIgnoreCase(r.service()))
                .filter(r -> needle == null
                        || r.sourceIp().toLowerCase(Locale.ROOT).contains(needle)
                        || (r.ptrName() != null
                                && r.ptrName().toLowerCase(Locale.ROOT).contains(needle)))
                .sorted(order)
                .limit(limit)
                .toList();
    }
}
