package io.ruaflow.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.LocalDate;

/**
 * Coverage-guided fuzzing of the HTTP parameter parsing: every value a client can put in a path or a query string
 * goes through {@link Params}, which must answer with the value or an {@link ApiException} of status 400 (which
 * the server renders as a JSON error), never any other exception (a 500). {@code mvn verify} replays the seeds in
 * {@code src/test/resources/io/ruaflow/api/ParamsFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ParamsFuzzTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);

    @FuzzTest(maxDuration = "60s")
    void everyParameterValueIsAcceptedOrA400(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 7);
        String other = data.consumeString(40);
        String text = data.consumeRemainingAsString();
        try {
            switch (which) {
                case 0 -> Params.date("from", text);
                case 1 -> Params.range(text, other.isEmpty() ? null : other, TODAY);
                case 2 -> Params.range(other.isEmpty() ? null : other, text, TODAY);
                case 3 -> Params.limit(text);
                case 4 -> Params.week(text);
                case 5 -> Params.domainName("domain", text);
                case 6 -> Params.flag("failing", text);
                default -> Params.isCsv(text);
            }
        } catch (ApiException e) {
            if (e.status() != 400 || e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("not a 400 with a message: " + e.status(), e);
            }
            for (int i = 0; i < e.getMessage().length(); i++) {
                if (Character.isISOControl(e.getMessage().charAt(i))) {
                    throw new AssertionError("control character in an error message: " + e.getMessage());
                }
            }
        }
    }
}
