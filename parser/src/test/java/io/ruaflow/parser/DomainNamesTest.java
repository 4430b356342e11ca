package io.ruaflow.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainNamesTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "bücher.example          | xn--bcher-kva.example",
                "BÜCHER.Example.         | xn--bcher-kva.example",
                "xn--bcher-kva.example   | xn--bcher-kva.example",
                "XN--BCHER-KVA.EXAMPLE   | xn--bcher-kva.example",
                "bücherstube.de          | xn--bcherstube-9db.de",
                "Example.COM             | example.com",
                "NULL                    | ''",
            })
    void asciiIsTheStoredForm(String typed, String stored) {
        assertThat(DomainNames.ascii(typed)).isEqualTo(stored);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "xn--bcher-kva.example   | bücher.example",
                "xn--bcherstube-9db.de   | bücherstube.de",
                "example.com             | example.com",
                "bücher.example          | bücher.example",
            })
    void unicodeIsTheShownForm(String stored, String shown) {
        assertThat(DomainNames.unicode(stored)).isEqualTo(shown);
    }
}
