package io.ruaflow.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ruaflow.deploy.config.PipelineConfig;
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
        MeterRegistry meters = new SimpleMeterRegistry();
        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(
                    config,
                    System.getenv(),
                    roles,
                    once,
                    Parts.real(config),
                    Wiring.transport(config, inProcessAllowed, role),
                    meters,
                    source -> {});
        } catch (IllegalArgumentException e) {
            throw options.usageError(e);
        }
        Thread hook = new Thread(pipeline::close, "ruaflow-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (once) {
            pipeline.awaitSource(Long.MAX_VALUE, TimeUnit.DAYS);
            if (config.get(PipelineConfig.KAFKA_BOOTSTRAP) != null && roles.size() > 1) {
                Quiet.awaitQuiet(meters, 3_000);
            }
            pipeline.close();
        }
        Throwable failure = pipeline.awaitStop();
        if (once) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        LOG.info("{} stopped: {}", role, Quiet.summary(meters));
        return failure == null ? 0 : 1;
    }
}
