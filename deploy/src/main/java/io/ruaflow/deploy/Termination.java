package io.ruaflow.deploy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop: instead of the JVM's default (run the shutdown hooks while the
 * process is already exiting, then exit 143 or 130), the first signal runs {@code stop} and lets the command
 * finish its own cleanup and return its exit code, so a role stopped on purpose exits 0. A second signal while
 * that cleanup hangs exits at once with the conventional 128 + signal number.
 */
final class Termination {
    private static final Logger LOG = LoggerFactory.getLogger(Termination.class);
    /** The signals that ask a role to stop: {@code kill} and Ctrl-C. */
    static final String[] SIGNALS = {"TERM", "INT"};

    private Termination() {}

    /** Every stop installed in this JVM, for {@link #stopAll()}. */
    private static final List<Runnable> STOPS = new CopyOnWriteArrayList<>();

    /** Installs the handlers for this process; {@code stop} runs once, on the signal-dispatch thread. */
    static void onSignal(String what, Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
        STOPS.add(() -> {
            if (stopping.compareAndSet(false, true)) {
                LOG.info("stopping {} cleanly, as on SIGTERM", what);
                stop.run();
            }
        });
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (stopping.compareAndSet(false, true)) {
                        LOG.info("SIG{}: stopping {} cleanly (a second signal exits at once)", signal.getName(), what);
                        stop.run();
                    } else {
                        LOG.warn("SIG{} again: exiting without finishing the cleanup", signal.getName());
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    }
                });
            } catch (IllegalArgumentException e) {
                // the signal is not available here (or the JVM was started with -Xrs): keep the default
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }

    /**
     * Stops every role started in this JVM as its first SIGTERM would (a stop that already ran is not repeated):
     * for tests that run several roles in one JVM, where a real signal reaches only the last handler installed.
     */
    static void stopAll() {
        STOPS.forEach(Runnable::run);
    }
}
