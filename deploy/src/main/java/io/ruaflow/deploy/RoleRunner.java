package io.ruaflow.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ruaflow.api.HealthServer;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline until it is told to stop (SIGTERM, Ctrl-C: exit 0 once the stages stopped in order) or a stage
 * fails (exit 1).
 */
final class RoleRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RoleRunner.class);

    private RoleRunner() {}

    static int run(
            RoleOptions options,
            PipelineConfig config,
            Set<Pipeline.Role> roles,
            boolean inProcessAllowed,
            boolean once,
            String role)
            throws InterruptedException {
        return run(
                options,
                config,
                roles,
                inProcessAllowed,
                once,
                role,
                Parts.real(config),
                new SimpleMeterRegistry(),
                null);
    }

    /**
     * A role without an HTTP API ({@code ingest}, {@code process}, {@code sink}): as above, serving
     * {@code /healthz}, {@code /readyz} and {@code /metrics} on {@code metrics.bind}:{@code metrics.port} (unless
     * the port is -1) from before the pipeline starts until it stopped. Ready while every stage runs; {@code once}
     * as for {@link #run}.
     */
    static int runServingHealth(RoleOptions options, PipelineConfig config, Pipeline.Role role, boolean once)
            throws InterruptedException {
        String name = role.name().toLowerCase(Locale.ROOT);
        // before the health server starts (a third of a second): a signal meanwhile still ends in an orderly stop
        StopRequest stopRequest = StopRequest.install(name);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        Readiness readiness = new Readiness();
        int port = config.get(PipelineConfig.METRICS_PORT);
        HealthServer health = null;
        if (port >= 0) {
            try {
                health = HealthServer.start(
                        name, config.get(PipelineConfig.METRICS_BIND), port, meters, readiness::notReady);
            } catch (IllegalStateException e) {
                PrintWriter err = options.spec.commandLine().getErr();
                err.println("ruaflow " + name + ": " + e.getMessage());
                err.flush();
                return 1;
            }
        }
        try {
            return run(
                    options,
                    config,
                    EnumSet.of(role),
                    false,
                    once,
                    name,
                    Parts.real(config),
                    meters,
                    null,
                    readiness,
                    stopRequest);
        } finally {
            if (health != null) {
                health.close();
            }
        }
    }

    /**
     * As above with the parts given, and {@code front} (what serves the pipeline's store, like the HTTP API; may be
     * null) closed before the pipeline, so that it never reads a closed store. {@code front} is closed on every
     * path, including a pipeline that fails to start.
     */
    static int run(
            RoleOptions options,
            PipelineConfig config,
            Set<Pipeline.Role> roles,
            boolean inProcessAllowed,
            boolean once,
            String role,
            Pipeline.Parts parts,
            MeterRegistry meters,
            AutoCloseable front)
            throws InterruptedException {
        return run(
                options,
                config,
                roles,
                inProcessAllowed,
                once,
                role,
                parts,
                meters,
                front,
                new Readiness(),
                StopRequest.install(role));
    }

    private static int run(
            RoleOptions options,
            PipelineConfig config,
            Set<Pipeline.Role> roles,
            boolean inProcessAllowed,
            boolean once,
            String role,
            Pipeline.Parts parts,
            MeterRegistry meters,
            AutoCloseable front,
            Readiness readiness,
            StopRequest stopRequest)
            throws InterruptedException {
        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(
                    config,
                    System.getenv(),
                    roles,
                    once,
                    parts,
                    Wiring.transport(config, inProcessAllowed, role),
                    meters,
                    source -> {});
        } catch (IllegalArgumentException e) {
            closeQuietly(front);
            throw options.usageError(e);
        } catch (StoreLockedException | StoreUnavailableException | IllegalStateException | UncheckedIOException e) {
            closeQuietly(front);
            PrintWriter err = options.spec.commandLine().getErr();
            err.println("ruaflow " + role + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        readiness.started(pipeline);
        Runnable stop = () -> {
            readiness.stopping();
            closeQuietly(front);
            pipeline.close();
        };
        // SIGTERM/SIGINT stop the pipeline in order (stages hand on what they hold, consumers leave their group)
        // and this method returns 0; the hook covers any other exit of the JVM.
        stopRequest.whenRequested(stop);
        Thread hook = new Thread(stop, "ruaflow-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (once) {
            pipeline.awaitSource(Long.MAX_VALUE, TimeUnit.DAYS);
            if (config.get(PipelineConfig.KAFKA_BOOTSTRAP) != null && roles.size() > 1) {
                Quiet.awaitQuiet(meters, 3_000);
            }
            closeQuietly(front);
            pipeline.close();
        }
        Throwable failure = pipeline.awaitStop();
        closeQuietly(front);
        pipeline.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook runs anyway and finds everything closed
        }
        LOG.info("{} stopped: {}", role, Quiet.summary(meters));
        return failure == null ? 0 : 1;
    }

    /**
     * SIGTERM/SIGINT handled from the start of a role: a signal that arrives while the role starts stops it as soon
     * as it is up, so the role still exits 0.
     */
    private static final class StopRequest {
        private final AtomicReference<Runnable> action = new AtomicReference<>();
        private final AtomicBoolean requested = new AtomicBoolean();

        static StopRequest install(String role) {
            StopRequest request = new StopRequest();
            Termination.onSignal(role, () -> {
                request.requested.set(true);
                Runnable stop = request.action.get();
                if (stop != null) {
                    stop.run();
                }
            });
            return request;
        }

        /** Runs {@code stop} on the signal, or now if the signal came while the role was starting. */
        void whenRequested(Runnable stop) {
            action.set(stop);
            if (requested.get()) {
                stop.run();
            }
        }
    }

    /** What {@code /readyz} says: not ready while starting, once a stage failed, and while stopping. */
    private static final class Readiness {
        private volatile Pipeline pipeline;
        private volatile boolean stopping;

        void started(Pipeline started) {
            pipeline = started;
        }

        void stopping() {
            stopping = true;
        }

        String notReady() {
            Pipeline running = pipeline;
            if (running == null) {
                return "starting";
            }
            Throwable failure = running.failure();
            if (failure != null) {
                return "a stage failed: " + failure;
            }
            return stopping ? "stopping" : null;
        }
    }

    private static void closeQuietly(AutoCloseable front) {
        if (front == null) {
            return;
        }
        try {
            front.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", front, e.toString());
        }
    }
}
