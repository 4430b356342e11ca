package io.ruaflow.api;

import io.javalin.http.Context;
import io.ruaflow.store.DateRange;
import io.ruaflow.store.FailureRow;
import io.ruaflow.store.FailureSource;
import io.ruaflow.store.ReportStore;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The DMARC failure reports (ruf) of a domain: {@code GET /api/domains/{domain}/failures} lists them newest first
 * ({@code ?group=source}: by source IP, with the latest re-check and samples of From and Subject), and
 * {@code GET /api/failures/{uid}/headers} is one report's copy of the original's headers, as text. Addresses are
 * as stored: with {@code failure.redact} on (the default) their local parts read {@code redacted}. A domain with
 * failure reports but no aggregate reports is answered like any other.
 */
final class FailuresEndpoint {
    private static final Pattern UID = Pattern.compile("[0-9a-f]{32}");

    private final ReportStore store;
    private final Clock clock;

    FailuresEndpoint(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void list(Context ctx) {
        String domain = Params.domain(ctx);
        DateRange range = Params.range(ctx, LocalDate.now(clock));
        String group = Params.query(ctx, "group");
        if (group != null && !group.equals("source")) {
            throw ApiException.badRequest("group must be source: " + group);
        }
        if (group != null) {
            List<FailureSource> sources = store.failureSources(domain, range);
            ctx.header(Endpoints.TOTAL_COUNT, Integer.toString(sources.size()));
            ApiServer.json(ctx, 200, sources);
            return;
        }
        List<FailureRow> rows = store.failures(domain, range, Params.limit(ctx));
        ctx.header(Endpoints.TOTAL_COUNT, Integer.toString(rows.size()));
        ApiServer.json(ctx, 200, rows);
    }

    void headers(Context ctx) {
        String uid = ctx.pathParam("uid");
        if (!UID.matcher(uid).matches()) {
            throw ApiException.badRequest("a failure report uid is 32 lower-case hex digits: " + uid);
        }
        String headers = store.failureHeaders(uid).orElseThrow(() -> ApiException.notFound("no failure report " + uid));
        ctx.contentType("text/plain; charset=utf-8").result(headers);
    }
}
