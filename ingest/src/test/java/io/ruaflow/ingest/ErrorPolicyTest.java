package io.ruaflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.ingest.ErrorPolicy.Action;
import io.ruaflow.ingest.ErrorPolicy.Decision;
import io.ruaflow.ingest.ErrorPolicy.Failure;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorPolicyTest {
    private static final ErrorPolicy NO_JITTER = ErrorPolicy.retryForever(Duration.ofSeconds(1), Duration.ofSeconds(30))
            .withRandom(() -> 0);

    static Stream<Arguments> decisions() {
        return Stream.of(
                // failure, failures in a row, max attempts (0 = for ever), action, delay ms, next attempt
                Arguments.of(Failure.TRANSIENT, 1, 0, Action.RETRY, 1_000, 2),
                Arguments.of(Failure.TRANSIENT, 2, 0, Action.RETRY, 2_000, 3),
                Arguments.of(Failure.TRANSIENT, 4, 0, Action.RETRY, 8_000, 5),
                Arguments.of(Failure.TRANSIENT, 6, 0, Action.RETRY, 30_000, 7),
                Arguments.of(Failure.TRANSIENT, 1_000, 0, Action.RETRY, 30_000, 1_001),
                Arguments.of(Failure.TRANSIENT, 3, 3, Action.RETRY, 4_000, 4),
                Arguments.of(Failure.TRANSIENT, 4, 3, Action.STOP, 0, 4),
                Arguments.of(Failure.INPUT, 1, 0, Action.DEAD_LETTER, 0, 1),
                Arguments.of(Failure.FATAL, 1, 0, Action.STOP, 0, 1));
    }

    @ParameterizedTest
    @MethodSource("decisions")
    void decidesRetryDeadLetterOrStop(
            Failure failure, int failures, int maxAttempts, Action action, long delayMs, int next) {
        ErrorPolicy policy = maxAttempts == 0 ? NO_JITTER : NO_JITTER.withMaxAttempts(maxAttempts);
        assertThat(policy.decide(failure, failures)).isEqualTo(new Decision(action, Duration.ofMillis(delayMs), next));
    }

    @Test
    void jitterOnlyShortensTheStepAndByAtMostItsShare() {
        ErrorPolicy most = NO_JITTER.withRandom(() -> 0.999_999);
        assertThat(most.decide(Failure.TRANSIENT, 4).delay()).isEqualTo(Duration.ofMillis(6_401));
        assertThat(most.decide(Failure.TRANSIENT, 50).delay()).isEqualTo(Duration.ofMillis(24_001));
    }

    @Test
    void theLogLineSaysWhatHappensNext() {
        assertThat(NO_JITTER.decide(Failure.TRANSIENT, 4).describe("batch of 5,000 records"))
                .isEqualTo("retrying batch of 5,000 records in 8 s (attempt 5)");
        assertThat(NO_JITTER.decide(Failure.INPUT, 1).describe("mail 42"))
                .isEqualTo("moving mail 42 to the dead-letter topic");
        assertThat(NO_JITTER.withMaxAttempts(1).decide(Failure.TRANSIENT, 2).describe("the raw topic"))
                .isEqualTo("giving up on the raw topic and stopping");
    }

    @Test
    void badSettingsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> ErrorPolicy.retryForever(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("5000 ms, max 1000 ms");
        assertThatThrownBy(() -> NO_JITTER.decide(Failure.TRANSIENT, 0)).hasMessageContaining("start at 1");
    }
}
