package io.ruaflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ruaflow.samples.FailureSamples;
import io.ruaflow.samples.SampleWorld;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure reports imported from a folder, and {@code query failures} reading them back by source IP. */
class FailureQueryCommandTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-10");

    @TempDir
    Path dir;

    @Test
    void importedFailureReportsAreCountedBySourceIp() throws Exception {
        List<FailureSamples.Sample> samples = FailureSamples.generate(SampleWorld.fromSeed(5, 1), 8, DAY, DAY);
        FailureSamples.writeTo(samples, dir.resolve("ruf"));
        String store = "duckdb:" + dir.resolve("r.duckdb");
        ImportQueryCommandTest.Result imported =
                ImportQueryCommandTest.run("import", dir.resolve("ruf").toString(), "--store", store, "--no-dns");
        assertThat(imported.exit()).as(imported.err()).isZero();

        String domain = samples.get(0).domain();
        ImportQueryCommandTest.Result result = ImportQueryCommandTest.run(
                "query",
                "failures",
                "--store",
                store,
                "--domain",
                domain,
                "--from",
                DAY.toString(),
                "--to",
                DAY.toString(),
                "--format",
                "csv");
        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("source_ip,failures,first,last,ptr_name,service,fresh_spf,classification,from_samples,"
                        + "subject_samples");
        Map<String, Integer> expected = new TreeMap<>();
        samples.forEach(s -> expected.merge(
                com.google.common.net.InetAddresses.toAddrString(
                        com.google.common.net.InetAddresses.forString(s.sourceIp())),
                1,
                Integer::sum));
        Map<String, Integer> actual = new TreeMap<>();
        lines.stream().skip(1).forEach(l -> actual.put(l.split(",")[0], Integer.parseInt(l.split(",")[1])));
        assertThat(actual).isEqualTo(expected);
        assertThat(result.out()).contains("redacted@" + domain).doesNotContain("service@");

        ImportQueryCommandTest.Result none = ImportQueryCommandTest.run(
                "query",
                "failures",
                "--store",
                store,
                "--domain",
                domain,
                "--from",
                "2020-01-01",
                "--to",
                "2020-01-31");
        assertThat(none.exit()).isZero();
        assertThat(none.err()).contains("no failure reports for " + domain);
    }
}
