package io.ruaflow.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.store.StoreLockedException;
import io.ruaflow.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a pipeline until it is told to stop (SIGTERM, Ctrl-C) or a stage fails; the exit code says which. */
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
        } catch (StoreLockedException | StoreUnavailableException | IllegalStateException e) {
            closeQuietly(front);
            PrintWriter err = options.spec.commandLine().getErr();
            err.println("ruaflow " + role + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        Thread hook = new Thread(
                () -> {
                    closeQuietly(front);
                    pipeline.close();
                },
                "ruaflow-shutdown");
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
        if (once) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        LOG.info("{} stopped: {}", role, Quiet.summary(meters));
        return failure == null ? 0 : 1;
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
