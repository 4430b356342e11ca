package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RowTextTest {
    private static String tsv(Object... row) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RowText out = new RowText(bytes)) {
            out.tsv(row);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tsvEscapesSeparatorsAndBackslashesAndWritesNullAsBackslashN() throws IOException {
        assertThat(tsv("a\tb\nc\\d\re", null, 42L, -7, LocalDate.of(2026, 11, 2)))
                .isEqualTo("a\\tb\\nc\\\\d\\re\t\\N\t42\t-7\t2026-11-02\n");
    }

    @Test
    void textIsUtf8AndAnUnpairedSurrogateBecomesAQuestionMark() throws IOException {
        String text = "ünïcødé € 📬 \uD800x";
        assertThat(tsv(text))
                .isEqualTo(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) + "\n");
        assertThat(tsv(text)).endsWith("?x\n");
    }

    @Test
    void rowsLongerThanTheBufferAreWrittenWhole() throws IOException {
        String big = "é".repeat(RowText.BUFFER_BYTES) + "x".repeat(RowText.BUFFER_BYTES + 3);
        assertThat(tsv(big)).isEqualTo(big + "\n");
    }
}
