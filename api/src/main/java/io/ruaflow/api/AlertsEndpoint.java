package io.ruaflow.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.store.AlertState;
import io.ruaflow.store.ReportStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /api/alerts}: the fired alerts, newest first, with their delivery outcomes; never cached. */
final class AlertsEndpoint {
    /** An alert as the API shows it: the store's row with its details as a JSON object. */
    record AlertView(
            String key,
            String kind,
            String domain,
            String subject,
            String summary,
            JsonNode details,
            Instant firedAt,
            List<AlertState.AlertDelivery> deliveries) {}

    private final ReportStore store;

    AlertsEndpoint(ReportStore store) {
        this.store = store;
    }

    void list(Context ctx) {
        String domain = Params.optionalDomain(ctx);
        int limit = Math.min(Params.limit(ctx), AlertState.MAX_ALERTS);
        List<AlertView> out = new ArrayList<>();
        for (AlertState.StoredAlert alert : store.alerts(domain, limit)) {
            out.add(new AlertView(
                    alert.key(),
                    alert.kind(),
                    alert.domain(),
                    alert.subject(),
                    alert.summary(),
                    details(alert.details()),
                    alert.firedAt(),
                    alert.deliveries()));
        }
        ctx.header(Endpoints.TOTAL_COUNT, Integer.toString(out.size()));
        ApiServer.json(ctx, 200, out);
    }

    private static JsonNode details(String json) {
        try {
            return ReportJson.mapper().readTree(json == null || json.isEmpty() ? "{}" : json);
        } catch (JsonProcessingException e) {
            return ReportJson.mapper().getNodeFactory().textNode(json);
        }
    }
}
