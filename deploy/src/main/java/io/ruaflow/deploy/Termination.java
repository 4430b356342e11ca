package io.ruaflow.deploy;

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

    /** Installs the handlers for this process; {@code stop} runs once, on the signal-dispatch thread. */
    static void onSignal(String what, Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
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
}
