package io.ruaflow.api;

import io.javalin.http.Context;
import io.ruaflow.api.weekly.IsoWeek;
import io.ruaflow.enricher.DomainNames;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.SourceQuery;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads and validates query and path parameters; every failure names the parameter and the value. */
final class Params {
    /** Days in the default range, ending today (UTC), when neither from nor to is given. */
    static final int DEFAULT_RANGE_DAYS = 30;
    /** Rows in a list when {@code limit} is absent. */
    static final int DEFAULT_LIMIT = 100;
    /** The longest domain name DNS allows. */
    static final int MAX_DOMAIN_LENGTH = 253;

    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9])?");
    private static final Pattern REPORT_UID = Pattern.compile("[0-9a-fA-F]{1,64}");

    private Params() {}

    static DateRange range(Context ctx, LocalDate today) {
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        if (to == null) {
            to = from == null ? today : maxOf(today, from);
        }
        if (from == null) {
            from = to.minusDays(DEFAULT_RANGE_DAYS - 1);
        }
        try {
            return new DateRange(from, to);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static LocalDate maxOf(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate date(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be a date like 2026-11-16: " + text);
        }
    }

    static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= SourceQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(
                "limit must be a whole number between 1 and " + SourceQuery.MAX_LIMIT + ": " + text);
    }

    static boolean flag(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return false;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false: " + text);
        };
    }

    static String domain(Context ctx) {
        return domainName(ctx.pathParam("domain"));
    }

    /** A domain as typed, in Unicode or punycode, to the ASCII form the stores keep; a 400 when it is not one. */
    static String domainName(String text) {
        String ascii = text.length() > MAX_DOMAIN_LENGTH ? text : DomainNames.ascii(text);
        if (ascii.length() > MAX_DOMAIN_LENGTH || !DOMAIN.matcher(ascii).matches()) {
            throw ApiException.badRequest("not a domain name: " + shorten(text));
        }
        return ascii;
    }

    static String reportUid(Context ctx) {
        String text = ctx.pathParam("uid");
        if (!REPORT_UID.matcher(text).matches()) {
            throw ApiException.badRequest("report uid must be up to 64 hex digits: " + shorten(text));
        }
        return text.toLowerCase(Locale.ROOT);
    }

    static IsoWeek week(Context ctx, LocalDate today) {
        String text = ctx.queryParam("week");
        if (text == null || text.isEmpty()) {
            return IsoWeek.containing(today).previous();
        }
        try {
            return IsoWeek.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** Whether a list should be CSV: {@code ?format=csv}, or no format and an Accept header asking for text/csv. */
    static boolean wantsCsv(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null && !format.isEmpty()) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiException.badRequest("format must be json or csv: " + shorten(format));
            };
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
