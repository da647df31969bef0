package dev.weir.server.monitor;

import dev.weir.engine.DurabilityFigures;
import java.util.List;
import java.util.OptionalLong;

/**
 * The recovery and checkpoint figures of persistent queries: how long each query's restore and
 * catch-up took on this start and how many events it replayed, and how its checkpoints go (count,
 * failures, duration and size of the newest). A figure that does not apply (yet) has no sample.
 */
final class DurabilityMetrics {
    private DurabilityMetrics() {}

    static List<Family> families(List<DurabilityFigures> figures) {
        Family restore =
                Family.gauge(
                        "weir_query_restore_seconds",
                        "Time to restore the query's state on start.");
        Family catchUp =
                Family.gauge(
                        "weir_query_catch_up_seconds",
                        "Time from the query's start until it first caught up with its sources.");
        Family catchUpRows =
                Family.gauge(
                        "weir_query_catch_up_rows",
                        "Rows read until then: after a restart, the events replayed.");
        Family checkpoints =
                Family.counter("weir_query_checkpoints", "Checkpoints written since the start.");
        Family failures =
                Family.counter(
                        "weir_query_checkpoint_failures",
                        "Checkpoints that could not be written; the previous one stays in effect.");
        Family duration =
                Family.gauge("weir_query_checkpoint_seconds", "Duration of the newest checkpoint.");
        Family size = Family.gauge("weir_query_checkpoint_bytes", "Size of the newest checkpoint.");
        for (DurabilityFigures f : figures) {
            String q = f.queryId();
            seconds(restore, q, f.restoreMillis());
            seconds(catchUp, q, f.catchUpMillis());
            value(catchUpRows, q, f.catchUpRows());
            checkpoints.add(f.checkpoints(), "query", q);
            failures.add(f.checkpointFailures(), "query", q);
            seconds(duration, q, f.checkpointMillis());
            value(size, q, f.checkpointBytes());
        }
        return List.of(restore, catchUp, catchUpRows, checkpoints, failures, duration, size);
    }

    private static void seconds(Family family, String query, OptionalLong millis) {
        if (millis.isPresent()) {
            family.add(millis.getAsLong() / 1000.0, "query", query);
        }
    }

    private static void value(Family family, String query, OptionalLong value) {
        if (value.isPresent()) {
            family.add(value.getAsLong(), "query", query);
        }
    }
}
