package io.ruaflow.api.weekly;

import static io.ruaflow.api.weekly.WeeklyFixtures.data;
import static io.ruaflow.api.weekly.WeeklyFixtures.policy;
import static io.ruaflow.api.weekly.WeeklyFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruaflow.parser.ReportJson;
import io.ruaflow.store.DomainSummary;
import io.ruaflow.store.ReporterVolume;
import io.ruaflow.store.SourceRow;
import io.ruaflow.store.WeeklyData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeeklyReportFormatTest {
    private static final String SCRIPT = "<script>alert('x')</script>";

    /** A report whose reporter and source names are hostile: markup and spreadsheet formulas. */
    static WeeklyReport hostileReport() {
        SourceRow evil = new SourceRow(
                "203.0.113.66",
                SCRIPT + ".example.net",
                false,
                SCRIPT + ".example.net",
                "=HYPERLINK(\"http://evil\",\"x\")",
                500,
                0,
                500,
                0,
                0,
                0,
                0,
                "fail",
                "-all",
                List.of(new io.ruaflow.enricher.DkimKeyCheck(
                        SCRIPT + ".example", "s1", io.ruaflow.enricher.DkimKeyStatus.MISSING, null, null, false)),
                "unauthorized",
                java.time.LocalDate.parse("2026-11-11"));
        WeeklyData base =
                data(List.of(source("192.0.2.1", 9500, 0, "aligned", "pass"), evil), 9000, 9000, policy("none", null));
        DomainSummary now = base.thisWeek();
        DomainSummary hostileNow = new DomainSummary(
                now.domain(),
                now.range(),
                now.reports(),
                now.messages(),
                now.dmarcPass(),
                now.dmarcFail(),
                now.spfAligned(),
                now.dkimAligned(),
                now.dispositions(),
                List.of(new ReporterVolume("Evil, \"Corp\"\n" + SCRIPT, 1, 500), new ReporterVolume("-1+2", 1, 1)));
        return WeeklyReport.fromData(new WeeklyData(
                base.domain(),
                base.week(),
                hostileNow,
                base.previousWeek(),
                base.sources(),
                base.failingSources(),
                List.of(evil),
                base.sourceCount(),
                base.failingSourceCount(),
                1,
                base.daily(),
                base.policy()));
    }

    static String render(WeeklyReport report, WeeklyReportFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void htmlEscapesEverythingFromReports() throws IOException {
        String html = render(hostileReport(), WeeklyReportFormat.HTML);
        assertThat(html).doesNotContain("<script").doesNotContain("alert('x')");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(html).contains("Evil, &quot;Corp&quot;");
    }

    @Test
    void htmlIsSelfContainedWithAnInlineChart() throws IOException {
        String html = render(hostileReport(), WeeklyReportFormat.HTML);
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).contains("<svg").contains("class=\"pass\"").contains("class=\"fail\"");
        assertThat(html.split("<rect class=\"pass\"", -1)).hasSize(8);
        assertThat(html)
                .doesNotContain("<link")
                .doesNotContain("src=")
                .doesNotContain("url(")
                .doesNotContain("<style");
        assertThat(html).contains("Failing sources").contains("Top sources").contains("Reporters");
        assertThat(html).contains("Policy readiness: 100.0% of legitimate volume aligned");
    }

    @Test
    void csvQuotesAndDefusesFormulas() throws IOException {
        String csv = render(hostileReport(), WeeklyReportFormat.CSV);
        assertThat(csv).contains("\r\n");
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
        assertThat(csv).contains("\"Evil, \"\"Corp\"\"\n" + SCRIPT + "\",1,500");
        assertThat(csv).contains("'-1+2,1,1");
        assertThat(csv).contains("section,failing_sources\r\n");
        assertThat(csv).contains("messages,10000\r\n");
        assertThat(csv).contains("change_percent,11.1\r\n");
    }

    @Test
    void csvKeepsNegativeNumbersAsNumbers() throws IOException {
        WeeklyReport report = WeeklyReport.fromData(
                data(List.of(source("192.0.2.1", 300, 0, "aligned", "pass")), 400, 400, policy("none", null)));
        assertThat(render(report, WeeklyReportFormat.CSV)).contains("change_percent,-25.0\r\n");
    }

    @Test
    void jsonUsesSnakeCaseAndIsoDates() throws IOException {
        JsonNode json = ReportJson.mapper().readTree(render(hostileReport(), WeeklyReportFormat.JSON));
        assertThat(json.path("week").asText()).isEqualTo("2026-W46");
        assertThat(json.path("from").asText()).isEqualTo("2026-11-09");
        assertThat(json.path("volume").path("previous_messages").asLong()).isEqualTo(9000);
        assertThat(json.path("readiness").path("verdict").asText()).isEqualTo("ready");
        assertThat(json.path("failing_sources").get(0).path("reason").asText()).startsWith("not in SPF");
        assertThat(json.path("daily")).hasSize(7);
    }

    @Test
    void formatNamesAreValidated() {
        assertThat(WeeklyReportFormat.fromName("HTML")).isEqualTo(WeeklyReportFormat.HTML);
        assertThatThrownBy(() -> WeeklyReportFormat.fromName("pdf"))
                .hasMessage("format must be one of json, csv, html: pdf");
    }

    @Test
    void chartScaleIsARoundNumberAboveTheMaximum() {
        assertThat(WeeklyChart.niceCeiling(0)).isEqualTo(4);
        assertThat(WeeklyChart.niceCeiling(7)).isEqualTo(8);
        assertThat(WeeklyChart.niceCeiling(1234)).isEqualTo(2000);
        assertThat(WeeklyChart.niceCeiling(5000)).isEqualTo(6000);
        assertThat(WeeklyChart.niceCeiling(2300)).isEqualTo(4000);
        assertThat(WeeklyChart.niceCeiling(9000)).isEqualTo(10000);
        assertThat(WeeklyChart.compact(1500)).isEqualTo("1.5k");
    }
}
