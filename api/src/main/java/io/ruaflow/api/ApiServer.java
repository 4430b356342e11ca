package io.ruaflow.api;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.store.ReportStore;
import io.ruaflow.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: JSON and CSV queries, weekly reports, uploads, OpenAPI, health and Prometheus metrics. Every error
 * is a JSON {@code {"error": "..."}} body with a 4xx status (5xx only when the store is down or a bug is hit, never
 * with a stack trace). {@link #close()} is idempotent.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Paths answered without a token: probes, the static dashboard page and the API description. */
    static final Set<String> OPEN_PATHS =
            Set.of("/healthz", "/readyz", "/", "/dashboard.js", "/dashboard.css", "/openapi.json");

    private static final String ERROR_SET = "ruaflow.error";

    private final Javalin app;
    private final List<String> routes = new ArrayList<>();
    private final PrometheusMeterRegistry prometheus;
    private final MeterRegistry registry;
    private final boolean ownsPrometheus;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final QueryCache cache;

    private ApiServer(
            ApiSettings settings,
            ReportStore store,
            UploadHandler uploads,
            MeterRegistry registry,
            Clock clock,
            PostureService posture) {
        this.registry = registry;
        if (registry instanceof PrometheusMeterRegistry p) {
            prometheus = p;
            ownsPrometheus = false;
        } else {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ownsPrometheus = true;
            if (registry instanceof CompositeMeterRegistry composite) {
                composite.add(prometheus);
            } else {
                log.warn(
                        "metrics registry {} is neither Prometheus nor composite: /metrics shows the API's own meters"
                                + " only",
                        registry.getClass().getSimpleName());
            }
        }
        byte[] token = settings.token() == null ? null : settings.token().getBytes(StandardCharsets.UTF_8);
        long maxUpload = settings.maxUploadBytes();
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jetty.defaultHost = settings.bindAddress();
            config.jetty.defaultPort = settings.port();
            config.http.maxRequestSize = maxUpload;
            config.jetty.multipartConfig.maxFileSize(maxUpload, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(maxUpload, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(maxUpload, 1 << 20), SizeUnit.BYTES);
            config.requestLogger.http(this::recordRequest);
            JsonErrorHandler errors = new JsonErrorHandler();
            config.jetty.modifyServer(server -> server.setErrorHandler(errors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
        });
        app.before(ctx -> authenticate(ctx, token));
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> error(
                        ctx,
                        e.getStatus(),
                        e.getStatus() == 404
                                ? "no such endpoint: " + ctx.method() + " " + Params.shorten(ctx.path())
                                : e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(BadMessageException.class, (e, ctx) -> {
            int status = e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 400;
            error(ctx, status, JsonErrorHandler.message(status, e.getReason()));
        });
        app.exception(StoreUnavailableException.class, (e, ctx) -> {
            log.warn("{} {}: store unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 503, "store unavailable, try again later: " + e.getMessage());
        });
        app.exception(Exception.class, (e, ctx) -> {
            String id = UUID.randomUUID().toString().substring(0, 8);
            log.error("{} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
            error(ctx, 500, "internal error, logged with id " + id);
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ERROR_SET) == null) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + Params.shorten(ctx.path()));
            }
        });

        cache = new QueryCache(settings.cacheTtl());
        Endpoints endpoints = new Endpoints(settings, store, uploads, clock, cache, posture);
        get("/", endpoints::dashboard);
        get("/dashboard.js", endpoints::dashboardAsset);
        get("/dashboard.css", endpoints::dashboardAsset);
        get("/openapi.json", endpoints::openApi);
        get("/healthz", ctx -> json(ctx, 200, Map.of("status", "ok")));
        get("/readyz", endpoints::ready);
        get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(prometheus.scrape()));
        get("/api/span", endpoints::span);
        get("/api/domains", endpoints::domains);
        get("/api/domains/{domain}/summary", endpoints::summary);
        get("/api/domains/{domain}/sources", endpoints::sources);
        get("/api/domains/{domain}/sources/{ip}", endpoints::source);
        get("/api/domains/{domain}/timeseries", endpoints::timeseries);
        get("/api/domains/{domain}/weekly", endpoints::weekly);
        get("/api/domains/{domain}/posture", endpoints::posture);
        get("/api/domains/{domain}/tls", endpoints::tls);
        get("/api/domains/{domain}/advice", endpoints::advice);
        get("/api/alerts", new AlertsEndpoint(store)::list);
        FailuresEndpoint failures = new FailuresEndpoint(store, clock);
        get("/api/domains/{domain}/failures", failures::list);
        get("/api/failures/{uid}/headers", failures::headers);
        get("/api/reports", endpoints::reports);
        get("/api/reports/{uid}", endpoints::report);
        app.post("/api/reports", endpoints::upload);
        routes.add("POST /api/reports");
    }

    /**
     * Starts serving; returns once the port is bound.
     *
     * @param registry where the pipeline's counters live; a {@link PrometheusMeterRegistry} is scraped directly, a
     *     {@link CompositeMeterRegistry} gets a Prometheus child for the server's lifetime (so counts made before
     *     the start are not seen: prefer a Prometheus registry)
     * @throws IllegalArgumentException when the bind address is not loopback and no token is set
     */
    public static ApiServer start(
            ApiSettings settings, ReportStore store, UploadHandler uploads, MeterRegistry registry) {
        return start(settings, store, uploads, registry, Clock.systemUTC(), null);
    }

    /**
     * As {@link #start(ApiSettings, ReportStore, UploadHandler, MeterRegistry)}, answering
     * {@code /api/domains/{domain}/posture} with {@code posture} (null: that endpoint answers 503, for a server
     * without DNS). The caller keeps ownership of {@code posture}.
     */
    public static ApiServer start(
            ApiSettings settings,
            ReportStore store,
            UploadHandler uploads,
            MeterRegistry registry,
            PostureService posture) {
        return start(settings, store, uploads, registry, Clock.systemUTC(), posture);
    }

    static ApiServer start(
            ApiSettings settings, ReportStore store, UploadHandler uploads, MeterRegistry registry, Clock clock) {
        return start(settings, store, uploads, registry, clock, null);
    }

    static ApiServer start(
            ApiSettings settings,
            ReportStore store,
            UploadHandler uploads,
            MeterRegistry registry,
            Clock clock,
            PostureService posture) {
        if (settings.token() == null && !settings.loopbackOnly()) {
            throw new IllegalArgumentException("refusing to listen on " + settings.bindAddress()
                    + " without a bearer token: set " + ApiSettings.TOKEN_ENV + " or give a token file");
        }
        ApiServer server = new ApiServer(settings, store, uploads, registry, clock, posture);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException(
                    "cannot listen on " + settings.bindAddress() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        log.info(
                "API listening on http://{}:{} for store {} (auth: {})",
                settings.bindAddress(),
                server.port(),
                store.describe(),
                settings.token() == null ? "none, loopback only" : "bearer token");
        return server;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** Every route as {@code "METHOD /path"}, in registration order. */
    List<String> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            app.stop();
            cache.close();
            if (ownsPrometheus) {
                if (registry instanceof CompositeMeterRegistry composite) {
                    composite.remove(prometheus);
                }
                prometheus.close();
            }
        }
    }

    private void get(String path, Handler handler) {
        app.get(path, handler);
        routes.add("GET " + path);
    }

    private void authenticate(Context ctx, byte[] token) {
        if (token == null || OPEN_PATHS.contains(ctx.path())) {
            return;
        }
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8)
                : null;
        if (given == null || !MessageDigest.isEqual(given, token)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"ruaflow\"");
            throw new ApiException(
                    401, given == null ? "missing bearer token (Authorization: Bearer ...)" : "wrong bearer token");
        }
    }

    private void recordRequest(Context ctx, Float millis) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        Timer.builder("ruaflow.api.requests")
                .description("HTTP requests answered by the API")
                .tag("method", ctx.method().name())
                .tag("route", route == null || route.isEmpty() ? "unmatched" : route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(prometheus)
                .record((long) (millis * 1000), TimeUnit.MICROSECONDS);
    }

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status)
                    .contentType("application/json")
                    .result(ReportJson.mapper().writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode response", e);
        }
    }

    static void error(Context ctx, int status, String message) {
        ctx.attribute(ERROR_SET, Boolean.TRUE);
        json(ctx, status, Map.of("error", message == null ? "error " + status : message));
    }
}
