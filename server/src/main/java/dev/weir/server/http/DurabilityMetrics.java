package dev.weir.server.http;

import dev.weir.engine.DurabilityFigures;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The recovery and checkpoint figures of persistent queries, in Prometheus' text format: how long
 * each query's restore and catch-up took on this start and how many events it replayed, and how its
 * checkpoints go (count, failures, duration and size of the newest).
 */
final class DurabilityMetrics {
    private DurabilityMetrics() {}

    static void append(List<DurabilityFigures> figures, StringBuilder b) {
        b.append("# HELP weir_query_restore_seconds Time to restore the query's state on start.\n");
        b.append("# TYPE weir_query_restore_seconds gauge\n");
        b.append("# HELP weir_query_catch_up_seconds Time from the query's start until it first")
                .append(" caught up with its sources.\n");
        b.append("# TYPE weir_query_catch_up_seconds gauge\n");
        b.append("# HELP weir_query_catch_up_rows Rows read until then: after a restart, the")
                .append(" events replayed.\n");
        b.append("# TYPE weir_query_catch_up_rows gauge\n");
        b.append("# HELP weir_query_checkpoints_total Checkpoints written since the start.\n");
        b.append("# TYPE weir_query_checkpoints_total counter\n");
        b.append("# HELP weir_query_checkpoint_failures_total Checkpoints that could not be")
                .append(" written; the previous one stays in effect.\n");
        b.append("# TYPE weir_query_checkpoint_failures_total counter\n");
        b.append("# HELP weir_query_checkpoint_seconds Duration of the newest checkpoint.\n");
        b.append("# TYPE weir_query_checkpoint_seconds gauge\n");
        b.append("# HELP weir_query_checkpoint_bytes Size of the newest checkpoint.\n");
        b.append("# TYPE weir_query_checkpoint_bytes gauge\n");
        for (DurabilityFigures f : figures) {
            String label = "{query=\"" + f.queryId() + "\"}";
            seconds(b, "weir_query_restore_seconds", label, f.restoreMillis());
            seconds(b, "weir_query_catch_up_seconds", label, f.catchUpMillis());
            value(b, "weir_query_catch_up_rows", label, f.catchUpRows());
            value(b, "weir_query_checkpoints_total", label, OptionalLong.of(f.checkpoints()));
            value(
                    b,
                    "weir_query_checkpoint_failures_total",
                    label,
                    OptionalLong.of(f.checkpointFailures()));
            seconds(b, "weir_query_checkpoint_seconds", label, f.checkpointMillis());
            value(b, "weir_query_checkpoint_bytes", label, f.checkpointBytes());
        }
    }

    private static void seconds(StringBuilder b, String name, String label, OptionalLong millis) {
        if (millis.isPresent()) {
            b.append(name)
                    .append(label)
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%.3f", millis.getAsLong() / 1000.0))
                    .append('\n');
        }
    }

    private static void value(StringBuilder b, String name, String label, OptionalLong value) {
        if (value.isPresent()) {
            b.append(name).append(label).append(' ').append(value.getAsLong()).append('\n');
        }
    }
}
