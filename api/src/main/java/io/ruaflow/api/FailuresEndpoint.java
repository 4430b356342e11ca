package io.ruaflow.api;

import io.javalin.http.Context;
import io.ruaflow.api.internal.RecordCsv;
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
 * failure reports but no aggregate reports is answered like any other; {@code from=all} starts at its first report
 * of any kind. Both lists come as CSV too.
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
        DateRange range = Params.range(ctx, LocalDate.now(clock), () -> Endpoints.reportDays(store, domain), domain);
        String group = Params.query(ctx, "group");
        if (group != null && !group.equals("source")) {
            throw ApiException.badRequest("group must be source: " + group);
        }
        if (group != null) {
            answer(ctx, FailureSource.class, store.failureSources(domain, range));
            return;
        }
        answer(ctx, FailureRow.class, store.failures(domain, range, Params.limit(ctx)));
    }

    /**
     * JSON, or CSV for {@code format=csv} / {@code Accept: text/csv} (formula-safe: a stranger writes the Subject and
     * From these rows carry).
     */
    private static <R extends Record> void answer(Context ctx, Class<R> type, List<R> rows) {
        ctx.header(Endpoints.TOTAL_COUNT, Integer.toString(rows.size()));
        if (Params.wantsCsv(ctx)) {
            ctx.contentType("text/csv; charset=utf-8").result(RecordCsv.render(type, rows));
        } else {
            ApiServer.json(ctx, 200, rows);
        }
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
