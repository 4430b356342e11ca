package io.ruaflow.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link AlertRunner}: a batch after a quiet spell is evaluated at once; batches that stream in are evaluated
 * together, each evaluation after batches waiting {@link AlertRunner#WAIT_PER_EVALUATION_TIME} times its
 * predecessor's duration; nothing written is left unevaluated, not even at close.
 */
class AlertRunnerTest {
    private static final long EVALUATION_MILLIS = 40;

    /** Evaluations as they ran: domains, start and end ({@link System#nanoTime}). */
    private record Evaluation(Set<String> domains, long startNanos, long endNanos) {}

    /** An evaluator that takes {@link #EVALUATION_MILLIS} and records what it was asked. */
    private static final class Recorder {
        final List<Evaluation> evaluations = new ArrayList<>();
        final CountDownLatch first = new CountDownLatch(1);
        volatile boolean failNext;

        void evaluate(Set<String> domains) {
            long start = System.nanoTime();
            try {
                Thread.sleep(EVALUATION_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (evaluations) {
                evaluations.add(new Evaluation(Set.copyOf(domains), start, System.nanoTime()));
            }
            first.countDown();
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("store unavailable");
            }
        }

        List<Evaluation> evaluations() {
            synchronized (evaluations) {
                return List.copyOf(evaluations);
            }
        }

        Set<String> evaluated() {
            Set<String> all = new HashSet<>();
            evaluations().forEach(e -> all.addAll(e.domains()));
            return all;
        }
    }

    @Test
    void aBatchAfterAQuietSpellIsEvaluatedAtOnce() throws Exception {
        Recorder recorder = new Recorder();
        try (AlertRunner runner = new AlertRunner(recorder::evaluate, () -> {})) {
            runner.afterBatch(List.of("example.com"));
            // evaluated while the runner is open, not left for a wait (a minute at most) or for close
            assertThat(recorder.first.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(recorder.evaluations()).extracting(Evaluation::domains).containsExactly(Set.of("example.com"));
        }
    }

    @Test
    void batchesThatStreamInAreEvaluatedTogetherWithAWaitOfNineEvaluationsBetween() throws Exception {
        Recorder recorder = new Recorder();
        Set<String> sent = new HashSet<>();
        try (AlertRunner runner = new AlertRunner(recorder::evaluate, () -> {})) {
            for (int i = 0; i < 100; i++) {
                String domain = "d" + i + ".example";
                sent.add(domain);
                runner.afterBatch(List.of(domain, "example.com"));
                Thread.sleep(5);
            }
        }
        List<Evaluation> evaluations = recorder.evaluations();
        assertThat(recorder.evaluated())
                .as("every domain written, the last ones at close")
                .containsAll(sent);
        // 100 batches over half a second or more: evaluated back to back, that was one evaluation per 40 ms
        assertThat(evaluations).hasSizeLessThan(12);
        // the last may be the one close() ran at once
        for (int i = 1; i < evaluations.size() - 1; i++) {
            Evaluation before = evaluations.get(i - 1);
            Evaluation next = evaluations.get(i);
            assertThat(next.startNanos() - before.endNanos())
                    .as("wait after evaluation %d", i)
                    .isGreaterThanOrEqualTo(
                            (before.endNanos() - before.startNanos()) * AlertRunner.WAIT_PER_EVALUATION_TIME);
        }
    }

    @Test
    void anEvaluationThatThrowsAnErrorDoesNotStopTheNextBatchsEvaluation() throws Exception {
        List<Set<String>> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch second = new CountDownLatch(2);
        try (AlertRunner runner = new AlertRunner(
                domains -> {
                    asked.add(Set.copyOf(domains));
                    second.countDown();
                    if (asked.size() == 1) {
                        throw new AssertionError("an Error, not an exception");
                    }
                },
                () -> {})) {
            runner.afterBatch(List.of("a.example"));
            while (asked.isEmpty()) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            runner.afterBatch(List.of("b.example"));
            assertThat(second.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(asked).containsExactly(Set.of("a.example"), Set.of("b.example"));
    }

    @Test
    void closeEvaluatesAtOnceWhatWaitsAndAFailedEvaluationDoesNotStopTheNext() throws Exception {
        Recorder recorder = new Recorder();
        recorder.failNext = true;
        AlertRunner runner = new AlertRunner(recorder::evaluate, () -> {});
        runner.afterBatch(List.of("a.example"));
        assertThat(recorder.first.await(30, TimeUnit.SECONDS)).isTrue();
        runner.afterBatch(List.of("b.example")); // waits nine evaluation times, and close comes first
        runner.close();
        assertThat(recorder.evaluations())
                .extracting(Evaluation::domains)
                .containsExactly(Set.of("a.example"), Set.of("b.example"));
    }
}
