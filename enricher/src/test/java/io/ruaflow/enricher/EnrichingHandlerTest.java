package io.ruaflow.enricher;

import static io.ruaflow.samples.ReportBuilder.dkim;
import static io.ruaflow.samples.ReportBuilder.header;
import static io.ruaflow.samples.ReportBuilder.record;
import static io.ruaflow.samples.ReportBuilder.spf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ruaflow.parser.ReportHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnrichingHandlerTest {
    private static final ReportHeader HEADER = header("example.com", "r", "r");

    /** What the sink saw: one entry per call, "positions|completed". */
    private static final class Calls implements EnrichingHandler.Sink {
        final List<String> calls = new ArrayList<>();
        final List<ReportCompleted> skipped = new ArrayList<>();
        boolean accept = true;

        @Override
        public boolean begin(ReportHeader header) {
            return accept;
        }

        @Override
        public void accept(ReportHeader header, List<EnrichedRecord> records, ReportCompleted completed) {
            calls.add(records.stream().map(r -> Long.toString(r.position())).toList() + "|"
                    + (completed == null ? "-" : completed.recordCount()));
        }

        @Override
        public void skipped(ReportCompleted report) {
            skipped.add(report);
        }
    }

    static Stream<Arguments> chunking() {
        return Stream.of(
                Arguments.of(0, 3, List.of("[]|0")),
                Arguments.of(1, 3, List.of("[0]|1")),
                Arguments.of(3, 3, List.of("[0, 1, 2]|-", "[]|3")),
                Arguments.of(4, 3, List.of("[0, 1, 2]|-", "[3]|4")),
                Arguments.of(7, 3, List.of("[0, 1, 2]|-", "[3, 4, 5]|-", "[6]|7")));
    }

    @ParameterizedTest
    @MethodSource("chunking")
    void recordsAreEnrichedInChunksWithRunningPositionsAndTheCompletionLast(
            int records, int chunk, List<String> expected) {
        Calls sink = new Calls();
        EnrichingHandler handler = new EnrichingHandler(Enricher.offline(), chunk, sink);
        feed(handler, HEADER, HEADER, records);
        assertThat(sink.calls).containsExactlyElementsOf(expected);
        assertThat(handler.reports()).isEqualTo(1);
        assertThat(handler.recordsEnriched()).isEqualTo(records);
    }

    @Test
    void aReportTheSinkAlreadyHoldsIsSkippedWhole() {
        Calls sink = new Calls();
        sink.accept = false;
        EnrichingHandler handler = new EnrichingHandler(Enricher.offline(), 2, sink);
        feed(handler, HEADER, HEADER, 5);
        assertThat(sink.calls).isEmpty();
        assertThat(sink.skipped).singleElement().satisfies(r -> assertThat(r.recordCount())
                .isEqualTo(5));
        assertThat(handler.recordsEnriched()).isZero();
    }

    @Test
    void recordsReadUnderAnEarlierHeaderKeepItWhenTheEndBringsAnother() {
        Calls sink = new Calls();
        List<ReportHeader> seen = new ArrayList<>();
        EnrichingHandler handler = new EnrichingHandler(Enricher.offline(), 10, new EnrichingHandler.Sink() {
            @Override
            public void accept(ReportHeader header, List<EnrichedRecord> records, ReportCompleted completed) {
                seen.add(header);
                sink.accept(header, records, completed);
            }
        });
        ReportHeader later = header("example.org", "s", "s");
        feed(handler, HEADER, later, 2);
        assertThat(sink.calls).containsExactly("[0, 1]|-", "[]|2");
        assertThat(seen).containsExactly(HEADER, later);
    }

    @Test
    void chunkSizeOutsideItsBoundsIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new EnrichingHandler(Enricher.offline(), 0, new Calls()))
                .hasMessageContaining("enrich.chunk.records");
    }

    private static void feed(EnrichingHandler handler, ReportHeader start, ReportHeader end, int records) {
        handler.header(start);
        for (int i = 0; i < records; i++) {
            handler.record(record(
                    "192.0.2." + (i + 1),
                    "example.com",
                    "example.com",
                    List.of(dkim("example.com", "s1", "pass")),
                    List.of(spf("example.com", "pass")),
                    List.of()));
        }
        handler.end(end, records, records, List.of());
    }
}
