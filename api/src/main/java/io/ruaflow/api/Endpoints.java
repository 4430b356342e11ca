package io.ruaflow.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.ruaflow.api.UploadHandler.UploadResult;
import io.ruaflow.api.internal.RecordCsv;
import io.ruaflow.api.weekly.IsoWeek;
import io.ruaflow.api.weekly.WeeklyReport;
import io.ruaflow.api.weekly.WeeklyReportFormat;
import io.ruaflow.parser.ReportInput;
import io.ruaflow.parser.ReportRejectedException;
import io.ruaflow.parser.posture.DomainPosture;
import io.ruaflow.parser.posture.MtaStsState;
import io.ruaflow.store.DailyVolume;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.DomainOverview;
import io.ruaflow.store.ReportInfo;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.SourceDetail;
import io.ruaflow.store.SourceGroup;
import io.ruaflow.store.SourcePage;
import io.ruaflow.store.SourceQuery;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.StoredDomain;
import io.ruaflow.store.StoredRecord;
import io.ruaflow.store.TlsSummary;
import io.ruaflow.store.WeeklyData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.BadMessageException;

/** The request handlers; parameters are validated by {@link Params}, errors thrown as {@link ApiException}. */
final class Endpoints {
    private static final Pattern SAFE_NAME = Pattern.compile("[^A-Za-z0-9._-]");
    /** The longest multipart boundary RFC 2046 (section 5.1.1) allows. */
    static final int MAX_BOUNDARY_LENGTH = 70;

    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]*))");

    private final ReportStore store;
    private final UploadHandler uploads;
    private final Clock clock;
    private final long maxUploadBytes;
    /** Domains known to have reports; they never disappear, so only positive answers are cached. */
    private final Set<String> knownDomains = ConcurrentHashMap.newKeySet();

    private final QueryCache cache;
    private final PostureService posture;

    /** The header a list answer carries: how many rows match in all, whatever its limit. */
    static final String TOTAL_COUNT = "X-Total-Count";

    /**
     * With {@code group=}: how many sources the groups were made from (all that match, up to the query maximum);
     * {@link #TOTAL_COUNT} then counts groups.
     */
    static final String GROUPED_COUNT = "X-Grouped-Sources";

    /**
     * A report (its fields at the top level, {@code records} being how many records it has in all) with a page of
     * its records.
     */
    record ReportPage(@JsonUnwrapped ReportInfo report, Page page) {}

    /**
     * The TLS answer: the summary's fields at the top level, and {@code mta_sts}, the domain's MTA-STS policy and
     * TLS-RPT record as live DNS and HTTPS show them now (null when the server runs without DNS).
     */
    record TlsAnswer(@JsonUnwrapped TlsSummary summary, MtaStsState mtaSts) {}

    /** Records {@code offset ..} of a report, at most {@code limit}; {@code next} is the next page's URL, or null. */
    record Page(long offset, int limit, List<StoredRecord> records, String next) {}

    /** Answers over {@code store}; uploads up to the settings' limit go to {@code uploads}. */
    Endpoints(
            ApiSettings settings,
            ReportStore store,
            UploadHandler uploads,
            Clock clock,
            QueryCache cache,
            PostureService posture) {
        this.maxUploadBytes = settings.maxUploadBytes();
        this.store = store;
        this.uploads = uploads;
        this.clock = clock;
        this.cache = cache;
        this.posture = posture;
    }

    /**
     * The page may load and call nothing but this server: no CDN, no fonts, no analytics, no inline script (so an
     * injected one cannot run).
     */
    static final String DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    void dashboard(Context ctx) {
        ctx.header("Content-Security-Policy", DASHBOARD_CSP)
                .contentType("text/html; charset=utf-8")
                .result(resource("dashboard.html"));
    }

    /** The dashboard's script and style sheet, served with the page (no CDN, nothing from elsewhere). */
    void dashboardAsset(Context ctx) {
        String name = ctx.path().substring(1);
        ctx.contentType(name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
                .result(resource(name));
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(resource("openapi.json"));
    }

    void ready(Context ctx) {
        store.reports(null, 1);
        ApiServer.json(ctx, 200, Map.of("status", "ready", "store", store.describe()));
    }

    void domains(Context ctx) {
        DateRange range = Params.range(ctx, today(), store::storedDomains, null);
        boolean csv = Params.wantsCsv(ctx);
        list(ctx, csv, DomainOverview.class, "domains " + range, () -> store.domains(range));
    }

    void summary(Context ctx) {
        String domain = knownDomain(ctx);
        DateRange range = Params.range(ctx, today(), store::storedDomains, domain);
        ApiServer.json(ctx, 200, cache.get("summary " + domain + " " + range, () -> store.summary(domain, range)));
    }

    void sources(Context ctx) {
        String domain = knownDomain(ctx);
        DateRange range = Params.range(ctx, today(), store::storedDomains, domain);
        String reporter = SourceFilter.text(ctx, "reporter", SourceFilter.MAX_NAME_LENGTH);
        SourceQuery query = new SourceQuery(
                Params.flag(ctx, "failing"),
                Params.flag(ctx, "partial"),
                Params.flag(ctx, "new"),
                Params.limit(ctx),
                reporter);
        SourceFilter filter = SourceFilter.from(ctx);
        boolean csv = Params.wantsCsv(ctx);
        // filters and orders work on every source the store lists (at most MAX_LIMIT, by volume); the full list is
        // kept once, so trying filter after filter costs no store query
        SourceQuery all = query.withLimit(SourceQuery.MAX_LIMIT);
        Supplier<List<SourceRow>> matching = filter.isNone()
                ? null
                : () -> filter.apply(
                        cache.get(
                                "sources " + domain + " " + range + " " + all, () -> store.sources(domain, range, all)),
                        SourceQuery.MAX_LIMIT);
        String group = ctx.queryParam("group");
        boolean grouped = group != null && !group.isEmpty();
        // the plain list and its count come from one read of the store
        SourcePage listed = filter.isNone() && !grouped
                ? cache.get(
                        "source page " + domain + " " + range + " " + query,
                        () -> store.sourcePage(domain, range, query))
                : null;
        long total = listed != null
                ? listed.total()
                : filter.isNone()
                        ? cache.get(
                                "source count " + domain + " " + range + " " + query,
                                () -> store.sourceCount(domain, range, query))
                        : matching.get().size();
        // A list cut by its limit says so: how many match in all.
        ctx.header(TOTAL_COUNT, Long.toString(total));
        if (grouped) {
            SourceGroup.By by = SourceGroup.By.fromName(group);
            // Groups are made from every matching source, up to the most one query returns (said in a header).
            List<SourceGroup> groups = cache.get(
                    "source groups " + by + " " + domain + " " + range + " " + all + " " + filter,
                    () -> SourceGroup.group(filter.isNone() ? store.sources(domain, range, all) : matching.get(), by));
            ctx.header(TOTAL_COUNT, Integer.toString(groups.size()));
            ctx.header(GROUPED_COUNT, Long.toString(Math.min(total, SourceQuery.MAX_LIMIT)));
            List<SourceGroup> page = groups.subList(0, Math.min(groups.size(), query.limit()));
            list(
                    ctx,
                    csv,
                    SourceGroup.class,
                    "source groups " + by + " " + domain + " " + range + " " + query + " " + filter,
                    () -> page);
            return;
        }
        if (listed != null) {
            list(ctx, csv, SourceRow.class, "sources " + domain + " " + range + " " + query, listed::rows);
            return;
        }
        int limit = query.limit();
        list(
                ctx,
                csv,
                SourceRow.class,
                "sources " + domain + " " + range + " " + all + " " + filter + " " + limit,
                () -> {
                    List<SourceRow> rows = matching.get();
                    return rows.subList(0, Math.min(rows.size(), limit));
                });
    }

    /**
     * The first and last day with volume, of one domain or of all: where a date picker should look; and the server's
     * today (UTC), the day the API's default ranges end, so the page's defaults agree with the API's.
     */
    void span(Context ctx) {
        String domain = Params.optionalDomain(ctx);
        LocalDate first = null;
        LocalDate last = null;
        List<StoredDomain> stored = cache.get("stored domains", store::storedDomains);
        for (StoredDomain d : stored) {
            if (domain == null || d.domain().equals(domain)) {
                first = first == null || d.firstDay().isBefore(first) ? d.firstDay() : first;
                last = last == null || d.lastDay().isAfter(last) ? d.lastDay() : last;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("first", first);
        body.put("last", last);
        body.put("today", today());
        ApiServer.json(ctx, 200, body);
    }

    void source(Context ctx) {
        String domain = knownDomain(ctx);
        String ip = Params.sourceIp(ctx);
        DateRange range = Params.range(ctx, today(), store::storedDomains, domain);
        SourceDetail detail = cache.get(
                        "source " + domain + " " + ip + " " + range, () -> store.sourceDetail(domain, ip, range))
                .orElseThrow(() -> ApiException.notFound(
                        "source " + ip + " sent no mail as " + domain + " from " + range.from() + " to " + range.to()));
        ApiServer.json(ctx, 200, detail);
    }

    void timeseries(Context ctx) {
        String domain = knownDomain(ctx);
        DateRange range = Params.range(ctx, today(), store::storedDomains, domain);
        boolean csv = Params.wantsCsv(ctx);
        list(ctx, csv, DailyVolume.class, "timeseries " + domain + " " + range, () -> store.timeseries(domain, range));
    }

    /**
     * What the domain's SMTP TLS reports say over the range: JSON the whole {@link TlsSummary} with the live MTA-STS
     * state ({@link TlsAnswer}); CSV its days. A domain need not have aggregate reports (TLS reports may be all there
     * is): one with no TLS report answers zeros.
     */
    void tls(Context ctx) {
        String domain = Params.domain(ctx);
        DateRange range = Params.range(ctx, today(), () -> reportDays(store, domain), domain);
        String key = "tls " + domain + " " + range;
        if (Params.wantsCsv(ctx)) {
            list(ctx, true, TlsSummary.Day.class, key + " days", () -> store.tls(domain, range)
                    .days());
            return;
        }
        TlsSummary summary = cache.get(key, () -> store.tls(domain, range));
        MtaStsState live = posture == null ? null : cache.get("mta-sts " + domain, () -> posture.mtaSts(domain));
        ApiServer.json(ctx, 200, new TlsAnswer(summary, live));
    }

    /** Live DNS lint of a known domain, with the DKIM selectors its reports show over the range. */
    void posture(Context ctx) {
        String domain = knownDomain(ctx);
        DateRange range = Params.range(ctx, today(), store::storedDomains, domain);
        if (posture == null) {
            throw new ApiException(503, "domain posture needs DNS: this server was started without it (--no-dns)");
        }
        ApiServer.json(ctx, 200, cache.get("posture " + domain + " " + range, () -> posture.check(domain, range)));
    }

    /**
     * One action with its evidence per DMARC-failing source of the range, largest failing volume first; with DNS,
     * SPF include advice carries the lookup count after the change.
     */
    void advice(Context ctx) {
        String domain = knownDomain(ctx);
        DateRange range = Params.range(ctx, today(), store::storedDomains, domain);
        SourceQuery query = new SourceQuery(true, Params.limit(ctx));
        ApiServer.json(
                ctx,
                200,
                cache.get(
                        "advice " + domain + " " + range + " " + query,
                        () -> store.sources(domain, range, query).stream()
                                .filter(row -> row.dmarcFail() > 0)
                                .map(row -> WeeklyReport.advise(row, domain, posture))
                                .toList()));
    }

    void weekly(Context ctx) throws IOException {
        String domain = knownDomain(ctx);
        IsoWeek week = Params.week(ctx, today());
        String formatName = Params.query(ctx, "format");
        WeeklyReportFormat format;
        try {
            format = formatName == null ? WeeklyReportFormat.JSON : WeeklyReportFormat.fromName(formatName);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        WeeklyData data = cache.get("weekly " + domain + " " + week, () -> store.weekly(domain, week.toString()));
        WeeklyReport report;
        if (posture == null) {
            report = WeeklyReport.fromData(data);
        } else {
            DateRange days = new DateRange(week.monday(), week.sunday());
            DomainPosture live = cache.get("posture " + domain + " " + days, () -> posture.check(domain, days));
            report = WeeklyReport.fromData(data, live, posture);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        format.write(report, out);
        if (format == WeeklyReportFormat.CSV) {
            ctx.header("Content-Disposition", "attachment; filename=\"dmarc-" + domain + "-" + week + ".csv\"");
        }
        ctx.contentType(format.contentType()).result(out.toByteArray());
    }

    void reports(Context ctx) {
        String domain = Params.optionalDomain(ctx);
        int limit = Params.limit(ctx);
        boolean csv = Params.wantsCsv(ctx);
        String forDomain = domain;
        list(ctx, csv, ReportInfo.class, "reports " + domain + " " + limit, () -> store.reports(forDomain, limit));
    }

    void report(Context ctx) {
        String uid = Params.reportUid(ctx);
        ReportInfo info = store.report(uid).orElseThrow(() -> ApiException.notFound("no report with uid " + uid));
        long offset = Params.offset(ctx);
        int limit = Params.limit(ctx);
        List<StoredRecord> records = store.reportRecords(uid, offset, limit);
        long next = offset + records.size();
        ApiServer.json(
                ctx,
                200,
                new ReportPage(
                        info,
                        new Page(
                                offset,
                                limit,
                                records,
                                next < info.records()
                                        ? "/api/reports/" + uid + "?offset=" + next + "&limit=" + limit
                                        : null)));
    }

    void upload(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUploadBytes) {
            throw tooLarge(declared);
        }
        List<ReportInput> inputs = new ArrayList<>();
        if (ctx.isMultipartFormData()) {
            checkBoundary(ctx.contentType());
            List<UploadedFile> files;
            try {
                files = ctx.uploadedFiles();
            } catch (Exception e) {
                throw bodyError("multipart upload", e);
            }
            if (files.isEmpty()) {
                throw ApiException.badRequest("multipart upload has no file part");
            }
            for (UploadedFile file : files) {
                try (InputStream in = file.content()) {
                    inputs.add(ReportInput.ofBytes(name(file.filename()), readBounded(in)));
                }
            }
        } else {
            byte[] body;
            try {
                body = readBounded(ctx.req().getInputStream());
            } catch (IOException | RuntimeException e) {
                throw bodyError("upload", e);
            }
            if (body.length == 0) {
                throw ApiException.badRequest("empty upload: send the report file as the body or as multipart");
            }
            String filename = Params.query(ctx, "filename");
            inputs.add(ReportInput.ofBytes(name(filename == null ? "upload" : filename), body));
        }
        List<UploadResult> accepted = new ArrayList<>();
        List<Map<String, String>> rejected = new ArrayList<>();
        try {
            for (ReportInput input : inputs) {
                try {
                    accepted.add(uploads.upload(input));
                } catch (ReportRejectedException e) {
                    rejected.add(Map.of("file", e.file(), "reason", e.reason()));
                }
            }
        } finally {
            cache.clear();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (accepted.isEmpty()) {
            body.put(
                    "error",
                    rejected.get(0).get("file") + ": " + rejected.get(0).get("reason"));
        }
        body.put("files", accepted);
        body.put("rejected", rejected);
        ApiServer.json(ctx, accepted.isEmpty() ? 422 : 200, body);
    }

    private byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > maxUploadBytes) {
                throw tooLarge(total);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * The answer for a body that could not be read: 413 when it passed a size limit, else 400 naming what was
     * wrong (a broken chunk, a body cut short, a malformed multipart), so a bad request is never a 500.
     */
    private ApiException bodyError(String what, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
            if (t instanceof BadMessageException bad) {
                return new ApiException(
                        bad.getCode() == 413 ? 413 : 400,
                        what + " body is malformed: "
                                + (bad.getReason() == null ? "bad request" : Params.shorten(bad.getReason())));
            }
            if (t instanceof IllegalStateException
                    && String.valueOf(t.getMessage()).contains("exceeds max")) {
                return new ApiException(413, what + " is over the limit of " + maxUploadBytes + " bytes");
            }
        }
        String reason = e.getMessage() == null || e.getMessage().isBlank()
                ? "the body ended early or could not be decoded"
                : Params.shorten(e.getMessage());
        return ApiException.badRequest(what + " body is malformed: " + reason);
    }

    /** Refuses a multipart upload whose boundary is missing or longer than RFC 2046 allows. */
    private static void checkBoundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!m.find()) {
            throw ApiException.badRequest("multipart upload has no boundary in its Content-Type");
        }
        String boundary = m.group(1) != null ? m.group(1) : m.group(2);
        if (boundary.isEmpty() || boundary.length() > MAX_BOUNDARY_LENGTH) {
            throw ApiException.badRequest("multipart boundary must be 1 to " + MAX_BOUNDARY_LENGTH
                    + " characters (RFC 2046), not " + boundary.length());
        }
    }

    private ApiException tooLarge(long bytes) {
        return new ApiException(
                413,
                "upload of " + bytes + "+ bytes is over the limit of " + maxUploadBytes
                        + " bytes (raised by ruaflow api --max-upload-bytes)");
    }

    private static String name(String filename) {
        String base = filename == null || filename.isBlank() ? "upload" : filename;
        return "upload:" + SAFE_NAME.matcher(Params.shorten(base)).replaceAll("_");
    }

    /** What {@code from=all} starts from for TLS and failure answers: the domain's first report of any kind. */
    static List<StoredDomain> reportDays(ReportStore store, String domain) {
        return store.reportDays(domain).map(List::of).orElse(List.of());
    }

    private String knownDomain(Context ctx) {
        String domain = Params.domain(ctx);
        if (!knownDomains.contains(domain)) {
            if (!store.hasReports(domain)) {
                throw ApiException.notFound("no reports for domain " + domain);
            }
            knownDomains.add(domain);
        }
        return domain;
    }

    /** Answers a list from the cache, rendered once per format. */
    private <R extends Record> void list(
            Context ctx, boolean csv, Class<R> type, String key, java.util.function.Supplier<List<R>> rows) {
        byte[] body = cache.get(key + (csv ? " csv" : " json"), () -> {
            if (csv) {
                return RecordCsv.render(type, rows.get()).getBytes(StandardCharsets.UTF_8);
            }
            try {
                return io.ruaflow.parser.ReportJson.mapper().writeValueAsBytes(rows.get());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot encode " + type.getSimpleName() + " list", e);
            }
        });
        ctx.contentType(csv ? "text/csv; charset=utf-8" : "application/json").result(body);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Endpoints.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the build: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
