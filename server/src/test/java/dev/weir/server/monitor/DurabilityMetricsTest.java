package dev.weir.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.DurabilityFigures;
import dev.weir.engine.Engine;
import dev.weir.executor.connector.log.FsyncPolicy;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityMetricsTest {
    @TempDir Path dir;

    private static List<String> samples(List<DurabilityFigures> figures) {
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        DurabilityMetrics.families(figures).forEach(f -> snapshots.metricSnapshot(f.snapshot()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, snapshots.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(PrometheusTextCheck.problems(text)).isEmpty();
        return text.lines().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void everyFigureIsASampleLabelledWithItsQueryFamilyByFamilyAndAbsentOnesAreLeftOut() {
        DurabilityFigures recovered =
                new DurabilityFigures(
                        "mv_totals",
                        OptionalLong.of(1_234),
                        OptionalLong.of(17),
                        OptionalLong.of(56),
                        OptionalLong.of(1_000_000),
                        3,
                        OptionalLong.of(42),
                        OptionalLong.of(65_536),
                        1,
                        Optional.empty());
        DurabilityFigures created =
                new DurabilityFigures(
                        "insert_1",
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        0,
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        2,
                        Optional.of("No space left on device"));
        assertThat(samples(List.of(recovered, created)))
                // Families by name, series by labels: the library's order.
                .containsExactly(
                        "weir_query_catch_up_rows{query=\"mv_totals\"} 1000000.0",
                        "weir_query_catch_up_seconds{query=\"mv_totals\"} 0.056",
                        "weir_query_checkpoint_bytes{query=\"mv_totals\"} 65536.0",
                        "weir_query_checkpoint_failures_total{query=\"insert_1\"} 2.0",
                        "weir_query_checkpoint_failures_total{query=\"mv_totals\"} 1.0",
                        "weir_query_checkpoint_seconds{query=\"mv_totals\"} 0.042",
                        "weir_query_checkpoints_total{query=\"insert_1\"} 0.0",
                        "weir_query_checkpoints_total{query=\"mv_totals\"} 3.0",
                        "weir_query_restore_seconds{query=\"mv_totals\"} 1.234");
    }

    @Test
    void anEngineReportsItsRecoveredViews() throws Exception {
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(
                    "CREATE STREAM ev (k BIGINT NOT NULL); INSERT INTO ev VALUES (1), (2);"
                            + "CREATE MATERIALIZED VIEW n AS SELECT COUNT(*) AS n FROM ev;");
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
        }
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(samples(engine.durability()))
                    .filteredOn(l -> !l.contains("_seconds"))
                    .containsExactly(
                            "weir_query_catch_up_rows{query=\"mv_n\"} 0.0",
                            "weir_query_checkpoint_failures_total{query=\"mv_n\"} 0.0",
                            "weir_query_checkpoints_total{query=\"mv_n\"} 0.0");
            assertThat(samples(engine.durability()))
                    .filteredOn(l -> l.contains("_seconds"))
                    .hasSize(2)
                    .allMatch(
                            l ->
                                    l.matches(
                                            "weir_query_(restore|catch_up)_seconds\\{query=\"mv_n\"} \\d+\\.\\d{1,3}(E-\\d)?"));
        }
    }
}
