package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void csvNeutralisesFormulasButKeepsNegativeNumbers() {
        StringWriter out = new StringWriter();
        TextTable.of("ptr_name", "messages").add("=cmd|' /C calc'!A0", -3L).printCsv(new PrintWriter(out));
        assertThat(out.toString()).isEqualTo("ptr_name,messages\r\n'=cmd|' /C calc'!A0,-3\r\n");
    }

    @Test
    void tableAlignsColumnsAndFlattensLineBreaks() {
        StringWriter out = new StringWriter();
        TextTable.of("a", "b").add("long\nvalue", null).printTable(new PrintWriter(out));
        assertThat(out.toString().lines()).containsExactly("a           b", "----------  -", "long value  ");
    }
}
