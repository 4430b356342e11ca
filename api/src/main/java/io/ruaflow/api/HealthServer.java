package io.ruaflow.api;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health and metrics port of a pipeline role that has no HTTP API ({@code ingest}, {@code process},
 * {@code sink}): {@code /healthz} (the process answers), {@code /readyz} (200 while the role's stages run, else 503
 * with the reason) and {@code /metrics} (Prometheus). Nothing else is served, so it needs no token; every answer is
 * JSON except the metrics. {@link #close()} is idempotent.
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);
    /** The paths served, in the order a probe or a scraper uses them; deploy files name only these. */
    public static final List<String> PATHS = List.of("/healthz", "/readyz", "/metrics");

    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HealthServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts serving; returns once the port is bound.
     *
     * @param role what this process runs, named in every answer ({@code ingest}, {@code process}, {@code sink})
     * @param bind address to listen on ({@code 0.0.0.0} in a container, where the kubelet probes the pod's IP)
     * @param port TCP port; 0 picks a free one ({@link #port()})
     * @param notReady null while the role is ready, else why not ("starting", "stopping", "sink stage failed: ...")
     * @throws IllegalStateException naming the address and port when it cannot listen
     */
    public static HealthServer start(
            String role, String bind, int port, PrometheusMeterRegistry meters, Supplier<String> notReady) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jetty.defaultHost = bind;
            config.jetty.defaultPort = port;
            JsonErrorHandler errors = new JsonErrorHandler();
            config.jetty.modifyServer(server -> server.setErrorHandler(errors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
        });
        app.get("/healthz", ctx -> ApiServer.json(ctx, 200, status(role, "ok", null)));
        app.get("/readyz", ctx -> {
            String reason = notReady.get();
            ApiServer.json(
                    ctx, reason == null ? 200 : 503, status(role, reason == null ? "ready" : "not ready", reason));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(meters.scrape()));
        app.error(404, ctx -> ApiServer.json(ctx, 404, Map.of("error", "no such endpoint: " + ctx.path())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
            ApiServer.json(
                    ctx, 500, Map.of("error", "internal error: " + e.getClass().getSimpleName()));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw new IllegalStateException(
                    "cannot serve health and metrics on " + bind + ":" + port + " (metrics.bind, metrics.port): "
                            + e.getMessage(),
                    e);
        }
        LOG.info("{}: health and metrics on http://{}:{}{}", role, bind, app.port(), PATHS);
        return new HealthServer(app);
    }

    private static Map<String, String> status(String role, String status, String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("role", role);
        if (reason != null) {
            body.put("reason", reason);
        }
        return body;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            app.stop();
        }
    }
}
