package io.ruaflow.enricher.spf;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of what the SPF evaluator reads from DNS, which anyone can publish: the record parser
 * and the macro expander either accept a text or end with a permerror ({@link SpfException}); any other
 * exception would turn one hostile TXT record into a failed enrichment. {@code mvn verify} replays the seeds in
 * {@code src/test/resources/io/ruaflow/enricher/spf/SpfRecordFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SpfRecordFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyTxtRecordParsesOrIsAPermerror(FuzzedDataProvider data) {
        boolean explanation = data.consumeBoolean();
        String macroValue = data.consumeString(64);
        String text = data.consumeRemainingAsString();
        String record = SpfRecord.isSpf(text) ? text : "v=spf1 " + text;
        try {
            SpfRecord parsed = SpfRecord.parse(record);
            for (SpfRecord.Directive directive : parsed.directives) {
                if (directive.domainSpec() != null) {
                    Macros.expand(directive.domainSpec(), false, letter -> macroValue);
                }
            }
            if (parsed.exp != null) {
                Macros.expand(parsed.exp, explanation, letter -> macroValue);
            }
        } catch (SpfException e) {
            if (!SpfEvaluator.PERMERROR.equals(e.result()) || e.getMessage() == null) {
                throw new AssertionError("a record's syntax error must be a permerror with a reason", e);
            }
        }
        try {
            Macros.expand(text, explanation, letter -> macroValue);
        } catch (SpfException e) {
            // a permerror is the answer for a bad macro string
        }
    }
}
