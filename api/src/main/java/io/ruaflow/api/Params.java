package io.ruaflow.api;

import io.javalin.http.Context;
import io.ruaflow.api.weekly.IsoWeek;
import io.ruaflow.parser.DomainNames;
import io.ruaflow.parser.IpAddresses;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.StoredDomain;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Reads and validates query and path parameters; every failure names the parameter and the value. */
final class Params {
    /** Days in the default range, ending today (UTC), when neither from nor to is given. */
    static final int DEFAULT_RANGE_DAYS = 30;
    /** Rows in a list when {@code limit} is absent. */
    static final int DEFAULT_LIMIT = 100;
    /** The longest domain name DNS allows. */
    static final int MAX_DOMAIN_LENGTH = 253;
    /** The longest value any query parameter may have; longer ones are refused, not cut. */
    static final int MAX_PARAMETER_LENGTH = 1_024;
    /** The earliest day a date parameter may name: no report is older than the epoch. */
    static final LocalDate EARLIEST_DATE = LocalDate.of(1970, 1, 1);
    /** The latest day a date parameter may name, so that date arithmetic never leaves the calendar. */
    static final LocalDate LATEST_DATE = LocalDate.of(9999, 12, 31);

    /** Dot-separated labels of letters, digits, hyphens and underscores, each 1 to 63 characters, none empty. */
    private static final Pattern DOMAIN = Pattern.compile(
            "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*");

    private static final Pattern REPORT_UID = Pattern.compile("[0-9a-fA-F]{1,64}");

    private Params() {}

    /**
     * The asked range: {@code to} defaults to today, {@code from} to {@value #DEFAULT_RANGE_DAYS} days before it;
     * {@code from=all} starts at the first day the store holds volume on for {@code domain} (any domain if null).
     */
    static DateRange range(Context ctx, LocalDate today, Supplier<List<StoredDomain>> stored, String domain) {
        return range(query(ctx, "from"), query(ctx, "to"), today, stored, domain);
    }

    static DateRange range(Context ctx, LocalDate today) {
        return range(query(ctx, "from"), query(ctx, "to"), today);
    }

    /** The range from the {@code from} and {@code to} texts (either may be null), where nothing is stored. */
    static DateRange range(String fromText, String toText, LocalDate today) {
        return range(fromText, toText, today, List::of, null);
    }

    /** The range from the {@code from} and {@code to} texts (either may be null); the rules of {@link #range}. */
    static DateRange range(
            String fromText, String toText, LocalDate today, Supplier<List<StoredDomain>> stored, String domain) {
        LocalDate to = toText == null ? null : date("to", toText);
        if (fromText != null && DateRange.ALL.equalsIgnoreCase(fromText)) {
            checked("from", fromText);
            return DateRange.allTime(stored.get(), domain, to == null ? today : to);
        }
        LocalDate from = fromText == null ? null : date("from", fromText);
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

    static LocalDate date(String name, String text) {
        checked(name, text);
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be a date like 2026-11-16"
                    + ("from".equals(name) ? " or " + DateRange.ALL : "") + ": " + shorten(text));
        }
        if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
            throw ApiException.badRequest(
                    name + " must be between " + EARLIEST_DATE + " and " + LATEST_DATE + ": " + shorten(text));
        }
        return date;
    }

    /**
     * A query parameter's value, or null when absent or empty. Every query parameter is read here, so a control
     * character or an overlong value is refused for all of them alike.
     */
    static String query(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        return checked(name, text);
    }

    static String checked(String name, String text) {
        if (text.length() > MAX_PARAMETER_LENGTH) {
            throw ApiException.badRequest(
                    name + " is longer than " + MAX_PARAMETER_LENGTH + " characters: " + shorten(printable(text)));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                throw ApiException.badRequest(String.format(
                        "%s contains the control character U+%04X: %s", name, (int) c, shorten(printable(text))));
            }
        }
        return text;
    }

    /** The value with control characters shown as {@code ?}, so an error message cannot split a log line. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    static int limit(Context ctx) {
        String text = query(ctx, "limit");
        return text == null ? DEFAULT_LIMIT : limit(text);
    }

    static int limit(String text) {
        checked("limit", text);
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= SourceQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(
                "limit must be a whole number between 1 and " + SourceQuery.MAX_LIMIT + ": " + shorten(text));
    }

    /** The largest record offset a page may start at. */
    static final long MAX_OFFSET = 1_000_000_000L;

    /** A source IP path parameter, in the canonical form the store keeps (RFC 5952 for IPv6). */
    static String sourceIp(Context ctx) {
        String text = ctx.pathParam("ip");
        String canonical = IpAddresses.canonical(text);
        if (canonical == null) {
            throw ApiException.badRequest("not an IP address: " + shorten(text));
        }
        return canonical;
    }

    static long offset(Context ctx) {
        String text = ctx.queryParam("offset");
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            long offset = Long.parseLong(text);
            if (offset >= 0 && offset <= MAX_OFFSET) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("offset must be a whole number between 0 and " + MAX_OFFSET + ": " + text);
    }

    static boolean flag(Context ctx, String name) {
        String text = query(ctx, name);
        return text != null && flag(name, text);
    }

    static boolean flag(String name, String text) {
        checked(name, text);
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false: " + shorten(text));
        };
    }

    /** The {@code {domain}} path parameter, in the ASCII form the stores keep (Unicode or punycode accepted). */
    static String domain(Context ctx) {
        return domainName("domain", ctx.pathParam("domain"));
    }

    /**
     * The {@code domain} query parameter, validated exactly like the path parameter; null if absent. Unicode or
     * punycode, answered in the ASCII form the stores keep.
     */
    static String optionalDomain(Context ctx) {
        String text = query(ctx, "domain");
        return text == null ? null : domainName("domain", text);
    }

    /** A domain as typed, in Unicode or punycode, to the ASCII form the stores keep; a 400 when it is not one. */
    static String domainName(String name, String text) {
        checked(name, text);
        // The conversion to ASCII forgives surrounding spaces; a domain as typed in a URL may have none.
        if (text.codePoints().anyMatch(Character::isWhitespace)) {
            throw ApiException.badRequest("not a domain name: " + shorten(printable(text)));
        }
        String ascii = text.length() > MAX_DOMAIN_LENGTH ? text : DomainNames.ascii(text);
        if (ascii.length() > MAX_DOMAIN_LENGTH || !DOMAIN.matcher(ascii).matches()) {
            throw ApiException.badRequest("not a domain name: " + shorten(printable(text)));
        }
        return ascii;
    }

    static String reportUid(Context ctx) {
        String text = ctx.pathParam("uid");
        if (!REPORT_UID.matcher(text).matches()) {
            throw ApiException.badRequest("report uid must be up to 64 hex digits: " + shorten(printable(text)));
        }
        return text.toLowerCase(Locale.ROOT);
    }

    static IsoWeek week(Context ctx, LocalDate today) {
        String text = query(ctx, "week");
        return text == null ? IsoWeek.containing(today).previous() : week(text);
    }

    static IsoWeek week(String text) {
        checked("week", text);
        try {
            return IsoWeek.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** Whether a list should be CSV: {@code ?format=csv}, or no format and an Accept header asking for text/csv. */
    static boolean wantsCsv(Context ctx) {
        String format = query(ctx, "format");
        if (format != null) {
            return isCsv(format);
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    /** Whether a list {@code format} value asks for CSV ({@code csv}) rather than JSON ({@code json}). */
    static boolean isCsv(String format) {
        checked("format", format);
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> true;
            case "json" -> false;
            default -> throw ApiException.badRequest("format must be json or csv: " + shorten(printable(format)));
        };
    }

    static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
