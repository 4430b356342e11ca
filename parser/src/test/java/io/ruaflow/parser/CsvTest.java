package io.ruaflow.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvTest {
    static Stream<Arguments> cells() {
        return Stream.of(
                Arguments.of(null, ""),
                Arguments.of("plain", "plain"),
                Arguments.of("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
                Arguments.of("+1", "'+1"),
                Arguments.of("-1+1", "'-1+1"),
                Arguments.of("@SUM(A1)", "'@SUM(A1)"),
                Arguments.of("\tx", "'\tx"),
                Arguments.of("=a,b", "\"'=a,b\""),
                Arguments.of("say \"hi\"", "\"say \"\"hi\"\"\""),
                Arguments.of("two\nlines", "\"two\nlines\""),
                Arguments.of(-5L, "-5"),
                Arguments.of(0.25, "0.25"),
                Arguments.of(true, "true"),
                Arguments.of(List.of("a", "=b"), "a; =b"));
    }

    @ParameterizedTest
    @MethodSource("cells")
    void cellIsQuotedAndFormulaSafe(Object value, String expected) {
        assertThat(Csv.cell(value)).isEqualTo(expected);
    }

    @Test
    void rowsEndWithCrLf() {
        StringWriter out = new StringWriter();
        new Csv(out).row("a", 1).blank().row("=x");
        assertThat(out.toString()).isEqualTo("a,1\r\n\r\n'=x\r\n");
    }
}
