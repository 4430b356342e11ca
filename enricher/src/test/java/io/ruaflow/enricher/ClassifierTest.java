package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.enricher.Classifier.Facts;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per row of the classification table in the README (and in {@link Classifier}'s comment). */
class ClassifierTest {
    static Stream<Arguments> rows() {
        return Stream.of(
                // row, spfAligned, dkimAligned, spfFailed, anySpfPass, forwardingOverride, serviceType, expected
                Arguments.of("1 SPF aligned", true, false, false, true, false, null, Classification.ALIGNED),
                Arguments.of("1 SPF and DKIM aligned", true, true, false, true, false, null, Classification.ALIGNED),
                Arguments.of(
                        "2 DKIM aligned, SPF fail", false, true, true, false, false, null, Classification.FORWARDED),
                Arguments.of(
                        "3 DKIM aligned, SPF passes for another domain",
                        false,
                        true,
                        false,
                        true,
                        false,
                        "esp",
                        Classification.ALIGNED),
                Arguments.of(
                        "3 DKIM aligned, no SPF result",
                        false,
                        true,
                        false,
                        false,
                        false,
                        null,
                        Classification.ALIGNED),
                Arguments.of("4 forwarding override", false, false, true, false, true, null, Classification.FORWARDED),
                Arguments.of(
                        "5 known mailing list",
                        false,
                        false,
                        true,
                        false,
                        false,
                        "mailing-list",
                        Classification.FORWARDED),
                Arguments.of(
                        "5 known forwarder", false, false, true, false, false, "forwarder", Classification.FORWARDED),
                Arguments.of(
                        "6 SPF passes unaligned",
                        false,
                        false,
                        false,
                        true,
                        false,
                        "esp",
                        Classification.MISCONFIGURED),
                Arguments.of(
                        "7 unaligned DKIM pass only (spoofing)",
                        false,
                        false,
                        true,
                        false,
                        false,
                        null,
                        Classification.UNAUTHORIZED),
                Arguments.of(
                        "7 a mailbox provider is no forwarder",
                        false,
                        false,
                        true,
                        false,
                        false,
                        "mailbox-provider",
                        Classification.UNAUTHORIZED),
                Arguments.of("7 nothing passes", false, false, false, false, false, null, Classification.UNAUTHORIZED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRowOfTheTable(
            String row,
            boolean spfAligned,
            boolean dkimAligned,
            boolean spfFailed,
            boolean anySpfPass,
            boolean forwardingOverride,
            String serviceType,
            Classification expected) {
        assertThat(Classifier.classify(
                        new Facts(spfAligned, dkimAligned, spfFailed, anySpfPass, forwardingOverride, serviceType)))
                .isEqualTo(expected);
    }
}
