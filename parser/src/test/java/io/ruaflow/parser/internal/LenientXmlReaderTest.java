package io.ruaflow.parser.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LenientXmlReaderTest {
    private static LenientXmlReader reader(String text) {
        return new LenientXmlReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static String readAll(Reader reader) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buffer = new char[7]; // small reads cross every internal boundary
        int n;
        while ((n = reader.read(buffer, 0, buffer.length)) > 0) {
            sb.append(buffer, 0, n);
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "well-formed markup is untouched|<a x=\"1\" y='2'><b/>t</b></a>|<a x=\"1\" y='2'><b/>t</b></a>|0|0",
                "'>' inside an attribute value|<a x=\"1>2\">t</a>|<a x=\"1>2\">t</a>|0|0",
                "'<' before a space|<a>1 < 2</a>|<a>1 &lt; 2</a>|1|0",
                "address in angle brackets|<e><a@b.c></e>|<e>&lt;a@b.c></e>|1|0",
                "'<' before another tag|<h>bad<x.net</h>|<h>bad&lt;x.net</h>|1|0",
                "'<' inside a comment is left alone|<a><!-- a < b --></a>|<a><!-- a < b --></a>|0|0",
                "'<' inside CDATA is left alone|<a><![CDATA[a < b & c]]></a>|<a><![CDATA[a < b & c]]></a>|0|0",
                "processing instruction|<?xml version=\"1.0\"?><a/>|<?xml version=\"1.0\"?><a/>|0|0",
                "predefined and numeric references kept|<a>&amp;&lt;&#65;&#x41;</a>|<a>&amp;&lt;&#65;&#x41;</a>|0|0",
                "bare ampersand|<a>AT&T</a>|<a>AT&amp;T</a>|0|1",
                "undeclared entity|<a>&nbsp;</a>|<a>&amp;nbsp;</a>|0|1",
            })
    void repairsOnlyWhatIsNotMarkup(String name, String input, String expected, int lessThan, int ampersands)
            throws IOException {
        LenientXmlReader reader = reader(input);
        assertThat(readAll(reader)).isEqualTo(expected);
        assertThat(reader.escapedLessThan).isEqualTo(lessThan);
        assertThat(reader.escapedAmpersands).isEqualTo(ampersands);
    }

    @ParameterizedTest
    @CsvSource({"'\uFEFF<a/>',0", "'  \r\n<a/>',4", "'junk<a/>',4"})
    void whatComesBeforeTheFirstTagIsDropped(String input, int skipped) throws IOException {
        LenientXmlReader reader = reader(input);
        assertThat(readAll(reader)).isEqualTo("<a/>");
        assertThat(reader.skippedLeadingChars).isEqualTo(skipped);
    }

    @ParameterizedTest
    @CsvSource({"10", "16383", "16384", "16385", "40000"})
    void longTextAcrossBufferBoundariesIsKeptWhole(int length) throws IOException {
        String text = "x".repeat(length) + "<" + "y".repeat(length);
        LenientXmlReader reader = reader("<a>" + text + "</a><!--" + "-".repeat(length) + "->-->");
        assertThat(readAll(reader))
                .isEqualTo("<a>" + text.replace("<", "&lt;") + "</a><!--" + "-".repeat(length) + "->-->");
    }

    @org.junit.jupiter.api.Test
    void controlCharactersAndBadBytesAreCounted() throws IOException {
        byte[] bytes = {'<', 'a', '>', 1, (byte) 0xFF, 'z', '<', '/', 'a', '>'};
        LenientXmlReader reader = new LenientXmlReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
        assertThat(readAll(reader)).isEqualTo("<a>\uFFFDz</a>");
        assertThat(reader.droppedControlChars).isEqualTo(1);
        assertThat(reader.malformedBytes).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void doctypeIsNoticed() throws IOException {
        LenientXmlReader reader = reader("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>");
        readAll(reader);
        assertThat(reader.doctypeSeen).isTrue();
    }
}
