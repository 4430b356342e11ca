package io.ruaflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowBinaryTest {
    private static final Schema.Table TABLE = new Schema.Table(
            "t",
            List.of(
                    new Schema.Column("text", Schema.Type.TEXT, false, 1),
                    new Schema.Column("maybe", Schema.Type.TEXT, true, 1),
                    new Schema.Column("long", Schema.Type.LONG, false, 1),
                    new Schema.Column("int", Schema.Type.INT, true, 1),
                    new Schema.Column("flag", Schema.Type.FLAG, false, 1),
                    new Schema.Column("day", Schema.Type.DATE, false, 1)),
            List.of("text"),
            List.of("text"));

    private static byte[] encode(Object... row) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RowBinary out = new RowBinary(bytes, TABLE)) {
            out.row(row);
        }
        return bytes.toByteArray();
    }

    @Test
    void valuesAreLittleEndianNullablesFlaggedAndTextLengthPrefixed() throws IOException {
        assertThat(HexFormat.of().formatHex(encode("é\t", null, -2L, 7, 1, LocalDate.of(1970, 1, 3))))
                .isEqualTo("03" + "c3a909" // String: length 3, UTF-8 bytes
                        + "01" // Nullable(String) NULL
                        + "feffffffffffffff" // Int64 -2
                        + "00" + "07000000" // Nullable(Int32) 7
                        + "01" // UInt8 1
                        + "0200"); // Date: day 2
    }

    @Test
    void longTextHasAMultiByteLengthAndIsWrittenWhole() throws IOException {
        String big = "é".repeat(RowBinary.BUFFER_BYTES) + "x".repeat(3);
        byte[] bytes = encode(big, "", 0L, null, 0, LocalDate.EPOCH);
        int length = 2 * RowBinary.BUFFER_BYTES + 3; // 131075 = 0x20003: LEB128 83 80 08
        assertThat(HexFormat.of().formatHex(bytes, 0, 3)).isEqualTo("838008");
        assertThat(new String(bytes, 3, length, StandardCharsets.UTF_8)).isEqualTo(big);
        assertThat(bytes).hasSize(3 + length + 2 + 8 + 1 + 1 + 2);
    }

    @Test
    void anUnpairedSurrogateBecomesAQuestionMark() throws IOException {
        byte[] bytes = encode("\uD800x", null, 0L, null, 0, LocalDate.EPOCH);
        assertThat(HexFormat.of().formatHex(bytes, 0, 3)).isEqualTo("023f78");
    }

    @Test
    void nullInARequiredColumnAndDaysADateCannotHoldAreRefused() {
        assertThatThrownBy(() -> encode(null, null, 0L, null, 0, LocalDate.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 0");
        assertThatThrownBy(() -> encode("a", null, 0L, null, 0, LocalDate.of(1969, 12, 31)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1969-12-31");
        assertThatThrownBy(() -> encode("a", null, 0L, null, 0, RowBinary.MAX_DATE.plusDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RowBinary.MAX_DATE.toString());
    }
}
