package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlLiteralsTest {
    @Test
    void quotesSoTheValueCannotEndTheLiteral() {
        assertThat(SqlLiterals.quote("plain")).isEqualTo("'plain'");
        assertThat(SqlLiterals.quote("")).isEqualTo("''");
        assertThat(SqlLiterals.quote("O'Brien")).isEqualTo("'O\\'Brien'");
        assertThat(SqlLiterals.quote("''")).isEqualTo("'\\'\\''");
        assertThat(SqlLiterals.quote("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(SqlLiterals.quote("\\'")).isEqualTo("'\\\\\\''");
        assertThat(SqlLiterals.quote("end\\")).isEqualTo("'end\\\\'");
        assertThat(SqlLiterals.quote("x' OR '1'='1")).isEqualTo("'x\\' OR \\'1\\'=\\'1'");
    }

    @Test
    void keepsUnicodeAsIs() {
        assertThat(SqlLiterals.quote("ünï 📬 日本 \u2028")).isEqualTo("'ünï 📬 日本 \u2028'");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(SqlLiterals.quote("a\0b")).isEqualTo("'a\\0b'");
        assertThat(SqlLiterals.quote("line\nnext\r\ttab")).isEqualTo("'line\\nnext\\r\\ttab'");
        assertThat(SqlLiterals.quote("\b\f")).isEqualTo("'\\b\\f'");
        assertThat(SqlLiterals.quote("\u0001\u001f\u007f")).isEqualTo("'\\x01\\x1F\\x7F'");
    }

    @Test
    void outputHasNoUnescapedQuoteInside() {
        for (String value : new String[] {"'", "\\'", "\\\\'", "'\\", "''\\''", "\\"}) {
            String quoted = SqlLiterals.quote(value);
            String inner = quoted.substring(1, quoted.length() - 1);
            boolean escaped = false;
            for (char c : inner.toCharArray()) {
                if (!escaped && c == '\'') {
                    throw new AssertionError("unescaped quote in " + quoted);
                }
                escaped = !escaped && c == '\\';
            }
            assertThat(escaped)
                    .as("literal must not end inside an escape: %s", quoted)
                    .isFalse();
        }
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> SqlLiterals.quote(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
