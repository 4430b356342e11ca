package io.ruaflow.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import io.ruaflow.api.alerts.AlertEvaluator;
import io.ruaflow.api.alerts.AlertRunner;
import io.ruaflow.deploy.config.PipelineConfig;
import io.ruaflow.enricher.PostureChecker;
import io.ruaflow.enricher.RecordEnricher;
import io.ruaflow.ingest.RawParser;
import io.ruaflow.ingest.Topics;
import io.ruaflow.ingest.Transport;
import io.ruaflow.ingest.process.ProcessStage;
import io.ruaflow.ingest.sink.SinkStage;
import io.ruaflow.ingest.source.DirectorySource;
import io.ruaflow.ingest.source.ImapSource;
import io.ruaflow.ingest.source.RawPublisher;
import io.ruaflow.store.FailureRetention;
import io.ruaflow.store.ReportStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages a role runs, each on its own thread, sharing one transport. Started sink first and stopped source
 * first, so that whatever a stage hands on has a consumer until it is acknowledged. A stage thread that dies
 * marks the pipeline failed (see {@link #awaitStop}).
 */
final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    enum Role {
        INGEST,
        PROCESS,
        SINK
    }

    /** The modules' parts; {@code store} and the parser/enricher are asked for only when their stage runs. */
    record Parts(Supplier<RawParser> parser, Supplier<RecordEnricher> enricher, Supplier<ReportStore> store) {}

    private record Running(String name, AutoCloseable stage, Thread thread) {}

    private final Transport transport;
    private final List<Running> running = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;
    private Thread sourceThread;
    private boolean closed;

    private Pipeline(Transport transport) {
        this.transport = transport;
    }

    /**
     * Starts {@code roles} over {@code transport} (closed with the pipeline). The source is the folder
     * ({@code ingest.dir}) or mailbox ({@code imap.url}) in {@code config}; {@code once} scans a folder once.
     * {@code beforeMarkDone} is a test hook run between publish and move.
     */
    static Pipeline start(
            PipelineConfig config,
            Map<String, String> env,
            Set<Role> roles,
            boolean once,
            Parts parts,
            Transport transport,
            MeterRegistry meters,
            Consumer<String> beforeMarkDone) {
        Pipeline pipeline = new Pipeline(transport);
        try {
            Topics topics = Wiring.topics(config);
            Wiring.declareGroups(transport, config);
            if (roles.contains(Role.SINK)) {
                ReportStore store = parts.store().get();
                pipeline.resources.add(store);
                LOG.info("sink: {} → {}", transport.describe(), store.describe());
                SinkStage sink = new SinkStage(transport, topics, store, Wiring.sinkSettings(config), meters);
                pipeline.alerts(config, env, store, sink);
                pipeline.launch("sink", sink);
                pipeline.launch(
                        "failure-retention",
                        new FailureRetention(
                                store, config.get(PipelineConfig.FAILURE_RETENTION_DAYS), java.time.Clock.systemUTC()));
            }
            if (roles.contains(Role.PROCESS)) {
                RecordEnricher enricher = parts.enricher().get();
                if (enricher instanceof AutoCloseable closeable) {
                    pipeline.resources.add(closeable);
                }
                pipeline.launch(
                        "process",
                        new ProcessStage(
                                transport,
                                topics,
                                parts.parser().get(),
                                enricher,
                                Wiring.processSettings(config),
                                meters));
            }
            if (roles.contains(Role.INGEST)) {
                RawPublisher publisher = new RawPublisher(transport, topics.raw(), meters);
                String dir = config.get(PipelineConfig.INGEST_DIR);
                String imap = config.get(PipelineConfig.IMAP_URL);
                if (dir != null) {
                    DirectorySource source = new DirectorySource(
                            Path.of(dir), Wiring.directorySettings(config, Path.of(dir), once), publisher);
                    source.beforeMarkDone(beforeMarkDone);
                    pipeline.sourceThread = pipeline.launch("ingest-dir", source);
                } else if (imap != null) {
                    ImapSource source = new ImapSource(Wiring.imapSettings(config, env), publisher);
                    source.beforeMarkDone(beforeMarkDone);
                    pipeline.sourceThread = pipeline.launch("ingest-imap", source);
                } else {
                    throw new IllegalArgumentException("ingest needs a source: --dir PATH or --imap URL");
                }
            }
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /** Evaluates alerts after each of the sink's batches and on alerts.check.interval.minutes, when enabled. */
    private void alerts(PipelineConfig config, Map<String, String> env, ReportStore store, SinkStage sink) {
        PostureChecker posture = null;
        if (config.get(PipelineConfig.ALERTS_ENABLED) && config.get(PipelineConfig.DNS_ENABLED)) {
            posture = PostureChecker.withDns(Wiring.dnsSettings(config));
            resources.add(posture);
        }
        AlertEvaluator evaluator = AlertWiring.evaluator(config, env, store, posture);
        if (evaluator == null) {
            return;
        }
        AlertRunner runner = AlertWiring.start(evaluator, config);
        resources.add(0, runner); // stopped before the store and the posture checker it uses
        sink.onBatchWritten(runner::afterBatch);
        LOG.info(
                "sink: alerts evaluated after batches and every {} min",
                config.get(PipelineConfig.ALERTS_CHECK_INTERVAL_MINUTES));
    }

    static Set<Role> all() {
        return EnumSet.allOf(Role.class);
    }

    private <T extends Runnable & AutoCloseable> Thread launch(String name, T stage) {
        Thread thread = new Thread(
                () -> {
                    try {
                        stage.run();
                    } catch (Throwable e) {
                        LOG.error("{} stage failed; stopping", name, e);
                        failure = e;
                        stopped.countDown();
                    }
                },
                "ruaflow-" + name);
        running.add(new Running(name, stage, thread));
        thread.start();
        return thread;
    }

    /** Waits until the source has finished (a single folder scan); false on timeout. */
    boolean awaitSource(long timeout, TimeUnit unit) throws InterruptedException {
        if (sourceThread == null) {
            return true;
        }
        sourceThread.join(unit.toMillis(timeout));
        return !sourceThread.isAlive();
    }

    /** Blocks until {@link #close()} or a stage failure; returns the failure, if any. */
    Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return failure;
    }

    Throwable failure() {
        return failure;
    }

    /** Stops the stages, source first, each after it handed on what it holds; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = running.size() - 1; i >= 0; i--) {
            Running stage = running.get(i);
            try {
                stage.stage().close();
                stage.thread().join(30_000);
                if (stage.thread().isAlive()) {
                    LOG.warn("{} stage did not stop within 30 s", stage.name());
                    stage.thread().interrupt();
                }
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", stage.name(), e.toString());
            }
        }
        transport.close();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource, e.toString());
            }
        }
        stopped.countDown();
    }
}
