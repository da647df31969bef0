package dev.weir.server.monitor;

import dev.weir.engine.Engine;
import dev.weir.engine.Refusals;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The engine's figures at each scrape: how many queries and connections there are, and per query
 * (label {@code query}) and per operator of it (labels {@code query}, {@code operator}) rows in and
 * out, late rows, watermark and state size; then the persistent queries' recovery and checkpoints.
 * Read from the jobs' live counters, so a scrape costs no more than SHOW QUERIES.
 */
final class QueryMetrics implements MultiCollector {
    private final Engine engine;
    private final IntSupplier connections;
    private final LongSupplier refusedConnections;

    QueryMetrics(Engine engine, IntSupplier connections, LongSupplier refusedConnections) {
        this.engine = engine;
        this.connections = connections;
        this.refusedConnections = refusedConnections;
    }

    @Override
    public MetricSnapshots collect() {
        List<RunningQuery> queries = RunningQuery.all(engine);
        long now = System.currentTimeMillis();
        long persistent = queries.stream().filter(RunningQuery::persistent).count();

        List<Family> families = new ArrayList<>();
        families.add(
                Family.gauge("weir_connections", "Open JDBC (Avatica) connections.")
                        .add(connections.getAsInt()));
        families.add(
                Family.gauge("weir_queries_running", "Continuous queries of clients running.")
                        .add(engine.continuousQueries().running().size()));
        Refusals refusals = engine.refusals();
        families.add(
                Family.counter(
                                "weir_refused",
                                "Requests refused: a statement the user's role does not allow"
                                        + " (privilege, 42501), a query past --max-queries"
                                        + " (queries, 53400), a connection past --max-connections"
                                        + " (connections, 53300).")
                        .add(refusals.privilege(), "reason", "privilege")
                        .add(refusals.queryLimit(), "reason", "queries")
                        .add(refusedConnections.getAsLong(), "reason", "connections"));
        families.add(
                Family.gauge(
                                "weir_persistent_queries_running",
                                "Materialized views' and INSERT ... SELECT queries running.")
                        .add(persistent));

        Family info =
                Family.gauge(
                        "weir_query_info",
                        "1 for each running query, labelled with its state and whether it is"
                                + " persistent (a materialized view's or an INSERT ... SELECT).");
        Family rowsIn = Family.counter("weir_query_rows_in", "Rows the query's sources read.");
        Family rowsOut = Family.counter("weir_query_rows_out", "Rows (changes) the query emitted.");
        Family late =
                Family.counter(
                        "weir_query_late_rows_dropped",
                        "Rows dropped for arriving behind the watermark or with a NULL event"
                                + " time.");
        Family malformed =
                Family.counter(
                        "weir_query_malformed_records",
                        "Source records that could not be decoded and were skipped.");
        Family watermark =
                Family.gauge(
                        "weir_query_watermark_seconds",
                        "The query's event-time watermark, in seconds since the epoch.");
        Family lag =
                Family.gauge(
                        "weir_query_watermark_lag_seconds",
                        "Wall-clock time minus the query's watermark.");
        Family state =
                Family.gauge("weir_query_state_bytes", "Approximate size of the query's state.");

        Family opIn = Family.counter("weir_operator_rows_in", "Rows the operator read.");
        Family opOut = Family.counter("weir_operator_rows_out", "Rows the operator emitted.");
        Family opLate =
                Family.counter(
                        "weir_operator_late_rows_dropped",
                        "Rows the operator dropped as late or with a NULL event time.");
        Family opWatermark =
                Family.gauge(
                        "weir_operator_watermark_seconds",
                        "The operator's watermark, in seconds since the epoch.");
        Family opState =
                Family.gauge(
                        "weir_operator_state_bytes",
                        "Approximate size of the operator's state (windowed operators).");

        for (RunningQuery q : queries) {
            String id = q.id();
            info.add(
                    1,
                    "query",
                    id,
                    "state",
                    q.state(),
                    "persistent",
                    String.valueOf(q.persistent()));
            rowsIn.add(q.rowsIn(), "query", id);
            rowsOut.add(q.rowsOut(), "query", id);
            late.add(q.lateRowsDropped(), "query", id);
            malformed.add(q.malformedRecords(), "query", id);
            OptionalLong w = q.watermarkMillis();
            if (w.isPresent()) {
                watermark.add(w.getAsLong() / 1000.0, "query", id);
                lag.add((now - w.getAsLong()) / 1000.0, "query", id);
            }
            state.add(q.stateBytes(), "query", id);
            for (RunningQuery.Operator op : q.operators()) {
                String name = op.label();
                opIn.add(op.metrics().rowsIn(), "query", id, "operator", name);
                opOut.add(op.metrics().rowsOut(), "query", id, "operator", name);
                opLate.add(
                        op.metrics().lateRowsDropped() + op.metrics().nullTimeRowsDropped(),
                        "query",
                        id,
                        "operator",
                        name);
                OptionalLong ow = RunningQuery.watermarkMillis(op.metrics());
                if (ow.isPresent()) {
                    opWatermark.add(ow.getAsLong() / 1000.0, "query", id, "operator", name);
                }
                opState.add(op.metrics().stateSizeBytes(), "query", id, "operator", name);
            }
        }
        families.addAll(
                List.of(
                        info,
                        rowsIn,
                        rowsOut,
                        late,
                        malformed,
                        watermark,
                        lag,
                        state,
                        opIn,
                        opOut,
                        opLate,
                        opWatermark,
                        opState));
        families.addAll(DurabilityMetrics.families(engine.durability()));

        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        families.forEach(f -> snapshots.metricSnapshot(f.snapshot()));
        return snapshots.build();
    }
}
