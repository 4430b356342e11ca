package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The MTA-STS policy file parser (RFC 8461 3.2) and MX pattern matching (RFC 8461 4.1). */
class StsPolicyTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "mail.example.com, mail.example.com, true",
        "MAIL.Example.COM, mail.example.com., true",
        "mail.example.com., MAIL.EXAMPLE.COM, true",
        "mail.example.com, mail2.example.com, false",
        "*.example.com, mail.example.com, true",
        "*.example.com, MX1.EXAMPLE.COM., true",
        "*.example.com, example.com, false",
        "*.example.com, a.b.example.com, false",
        "*.example.com, mailexample.com, false",
        "*.example.com, .example.com, false",
        "*.mx.example.com, a.mx.example.com, true",
        "*.mx.example.com, mx.example.com, false",
        "example.com, mail.example.com, false",
    })
    void mxPatternsMatchAsRfc8461Says(String pattern, String host, boolean matches) {
        assertThat(StsPolicy.matches(pattern, host)).isEqualTo(matches);
    }

    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of(
                        "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
                                + "max_age: 604800\r\n",
                        "enforce",
                        List.of("mail.example.com", "*.example.net"),
                        604800L,
                        List.of()),
                // LF line ends, spaces around values, upper-case names, trailing dots: accepted
                Arguments.of(
                        "version: STSv1\nmode:testing\nmx:  MX1.Example.COM.  \nmax_age: 86400\n",
                        "testing",
                        List.of("mx1.example.com"),
                        86400L,
                        List.of()),
                // a byte order mark before the first line
                Arguments.of(
                        "\uFEFFversion: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n",
                        "enforce",
                        List.of("a.example.com"),
                        86400L,
                        List.of()),
                // mode none needs no mx line; unknown keys are extensions
                Arguments.of(
                        "version: STSv1\nmode: none\nmax_age: 0\nfuture_key: x\n", "none", List.of(), 0L, List.of()),
                Arguments.of(
                        "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 31557600",
                        "enforce",
                        List.of("mail.example.com"),
                        31557600L,
                        List.of()),
                Arguments.of(
                        "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 31557601\n",
                        "enforce",
                        List.of("mail.example.com"),
                        null,
                        List.of("line 4: max_age must be seconds from 0 to 31557600: 31557601")),
                Arguments.of(
                        "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: -5\n",
                        "enforce",
                        List.of("mail.example.com"),
                        null,
                        List.of("line 4: max_age must be seconds from 0 to 31557600: -5")),
                Arguments.of(
                        "version: STSv2\nmode: strict\nmx: mail.example.com\nmax_age: 86400\n",
                        null,
                        List.of("mail.example.com"),
                        86400L,
                        List.of(
                                "line 1: version must be STSv1: STSv2",
                                "line 2: mode must be enforce, testing or none: strict")),
                Arguments.of(
                        "mode: enforce\nmax_age: 86400\n",
                        "enforce",
                        List.of(),
                        86400L,
                        List.of(
                                "version: STSv1 is missing (it must be the first line)",
                                "no mx: line; a policy in mode enforce needs one per MX host or *.domain pattern")),
                Arguments.of(
                        "version: STSv1\nmode: enforce\nmx: mail.*.example.com\nmx: ok.example.com\nmax_age: 86400\n",
                        "enforce",
                        List.of("ok.example.com"),
                        86400L,
                        List.of("line 3: mx must be a host name or *.domain: mail.*.example.com")),
                Arguments.of(
                        "<html><body>Not found</body></html>",
                        null,
                        List.of(),
                        null,
                        List.of(
                                "line 1 is not 'key: value': <html><body>Not found</body></html>",
                                "version: STSv1 is missing (it must be the first line)",
                                "mode is missing (enforce, testing or none)",
                                "max_age is missing (seconds, up to 31557600)",
                                "no mx: line; a policy in mode enforce or testing needs one per MX host or *.domain"
                                        + " pattern")),
                Arguments.of(
                        "version: STSv1\nmode: enforce\nmode: testing\nmx: a.example.com\nmax_age: 86400\n",
                        "testing",
                        List.of("a.example.com"),
                        86400L,
                        List.of("line 3: mode appears twice")));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void policiesParseLenientlyAndNameEveryProblem(
            String text, String mode, List<String> mx, Long maxAge, List<String> problems) {
        StsPolicy policy = StsPolicy.parse(text);
        assertThat(policy.mode()).isEqualTo(mode);
        assertThat(policy.mx()).isEqualTo(mx);
        assertThat(policy.maxAge()).isEqualTo(maxAge);
        assertThat(policy.problems()).isEqualTo(problems);
    }

    @Test
    void uncoveredHostsAndUnusedPatternsAreListedInOrder() {
        StsPolicy policy = StsPolicy.parse(
                "version: STSv1\nmode: enforce\nmx: *.mx.example.com\nmx: old.example.com\nmax_age: 86400\n");
        List<String> hosts = List.of("a.mx.example.com", "b.mx.example.com", "mail.example.com", "x.y.mx.example.com");
        assertThat(policy.uncovered(hosts)).containsExactly("mail.example.com", "x.y.mx.example.com");
        assertThat(policy.unused(hosts)).containsExactly("old.example.com");
    }
}
