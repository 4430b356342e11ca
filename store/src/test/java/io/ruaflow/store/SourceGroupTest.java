package io.ruaflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceGroupTest {
    static SourceRow row(String ip, String service, String ptrBase, long pass, long fail) {
        return new SourceRow(
                ip,
                ptrBase == null ? null : "host." + ptrBase,
                true,
                ptrBase,
                service,
                pass + fail,
                pass,
                fail,
                pass,
                pass,
                0,
                0,
                null,
                null,
                List.of(),
                "aligned",
                LocalDate.of(2026, 11, 1));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "192.0.2.77, 192.0.2.0/24",
        "192.0.2.0, 192.0.2.0/24",
        "2001:db8:1:2::25, 2001:db8:1::/48",
        "2001:db8::1, 2001:db8::/48",
        "::ffff:192.0.2.5, 192.0.2.0/24",
        "not-an-ip, not-an-ip",
        "fe80::1%eth0, fe80::1%eth0"
    })
    void networkIsTheSlash24OrSlash48(String ip, String network) {
        assertThat(SourceGroup.network(ip)).isEqualTo(network);
    }

    @Test
    void oneBotnetIsOneLineWithItsCountsSummed() {
        List<SourceRow> rows = new ArrayList<>();
        rows.add(row("198.51.100.1", "Google Workspace", "google.com", 500, 0));
        for (int i = 1; i <= 120; i++) {
            rows.add(row("203.0.113." + i, null, null, 0, 2));
        }
        rows.add(row("198.51.100.9", "Google Workspace", "google.com", 100, 1));

        List<SourceGroup> byNet = SourceGroup.group(rows, SourceGroup.By.NET);
        assertThat(byNet).extracting(SourceGroup::key).containsExactly("198.51.100.0/24", "203.0.113.0/24");
        SourceGroup botnet = byNet.get(1);
        assertThat(botnet.sources()).isEqualTo(120);
        assertThat(botnet.dmarcFail()).isEqualTo(240);
        assertThat(botnet.sourceIps()).hasSize(SourceGroup.MAX_MEMBERS);
        assertThat(botnet.sourceIpsOmitted()).isEqualTo(20);

        List<SourceGroup> byService = SourceGroup.group(rows, SourceGroup.By.SERVICE);
        assertThat(byService)
                .extracting(SourceGroup::key, SourceGroup::messages, SourceGroup::sources)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Google Workspace", 601L, 2),
                        org.assertj.core.groups.Tuple.tuple(SourceGroup.NONE, 240L, 120));
        assertThat(SourceGroup.group(rows, SourceGroup.By.PTR))
                .extracting(SourceGroup::key)
                .containsExactly("google.com", SourceGroup.NONE);
    }

    @Test
    void groupNamesAreCheckedWithTheChoicesInTheMessage() {
        assertThat(SourceGroup.By.fromName("PTR")).isEqualTo(SourceGroup.By.PTR);
        assertThatThrownBy(() -> SourceGroup.By.fromName("asn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group must be one of service, ptr, net: asn");
    }
}
