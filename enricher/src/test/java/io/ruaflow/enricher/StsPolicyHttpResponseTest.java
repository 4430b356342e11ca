package io.ruaflow.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy fetcher's HTTP/1.1 response reading, byte for byte: framings, limits, what is not HTTP. */
class StsPolicyHttpResponseTest {
    private static final String URL = "https://mta-sts.example.com/.well-known/mta-sts.txt";

    static Stream<Arguments> responses() {
        String big = "x".repeat(StsPolicyFetcher.MAX_POLICY_BYTES + 1);
        String exact = "x".repeat(StsPolicyFetcher.MAX_POLICY_BYTES);
        return Stream.of(
                Arguments.of(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhelloEXTRA",
                        StsPolicyFetcher.Outcome.RESPONSE,
                        200,
                        "hello"),
                Arguments.of(
                        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                        StsPolicyFetcher.Outcome.RESPONSE,
                        200,
                        "hello world"),
                Arguments.of(
                        "HTTP/1.0 200 OK\nContent-Type: text/plain\n\nto the end\n",
                        StsPolicyFetcher.Outcome.RESPONSE,
                        200,
                        "to the end\n"),
                Arguments.of("HTTP/1.1 404\r\n\r\n", StsPolicyFetcher.Outcome.RESPONSE, 404, ""),
                Arguments.of("HTTP/1.1 200 OK\r\n\r\n" + exact, StsPolicyFetcher.Outcome.RESPONSE, 200, exact),
                Arguments.of("HTTP/1.1 200 OK\r\n\r\n" + big, StsPolicyFetcher.Outcome.TOO_LARGE, 200, null),
                Arguments.of(
                        "HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\nshort",
                        StsPolicyFetcher.Outcome.TOO_LARGE,
                        200,
                        null),
                Arguments.of(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10001\r\n" + big,
                        StsPolicyFetcher.Outcome.TOO_LARGE,
                        200,
                        null),
                Arguments.of("SSH-2.0-OpenSSH_9.6\r\n", StsPolicyFetcher.Outcome.BAD_RESPONSE, 0, null),
                Arguments.of("", StsPolicyFetcher.Outcome.BAD_RESPONSE, 0, null),
                Arguments.of(
                        "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(StsPolicyFetcher.MAX_HEADER_BYTES) + "\r\n\r\nbody",
                        StsPolicyFetcher.Outcome.BAD_RESPONSE,
                        0,
                        null));
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responsesAreFramedAndLimited(String raw, StsPolicyFetcher.Outcome outcome, int status, String body)
            throws Exception {
        StsPolicyFetcher.Fetched fetched = StsPolicyFetcher.HttpResponse.read(
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)),
                URL,
                System.nanoTime() + 60_000_000_000L);
        assertThat(fetched.outcome()).as(fetched.problem()).isEqualTo(outcome);
        assertThat(fetched.status()).isEqualTo(status);
        assertThat(fetched.body()).isEqualTo(body);
    }
}
