package dev.weir.server.http;

import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.executor.operator.OperatorMetrics;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.runtime.Job;
import dev.weir.server.avatica.WeirMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of {@code GET /metrics}, in Prometheus' text format. */
final class Metrics {
    private final Engine engine;
    private final WeirMeta meta;

    Metrics(Engine engine, WeirMeta meta) {
        this.engine = engine;
        this.meta = meta;
    }

    String prometheusText() {
        List<ContinuousQuery> queries = engine.continuousQueries().running();
        Map<String, Job> jobs = new LinkedHashMap<>(engine.persistentQueries());
        for (ContinuousQuery q : queries) {
            q.job().ifPresent(job -> jobs.put(q.id(), job));
        }
        StringBuilder b = new StringBuilder();
        b.append("# HELP weir_queries_running Continuous queries running.\n");
        b.append("# TYPE weir_queries_running gauge\n");
        b.append("weir_queries_running ").append(queries.size()).append('\n');
        b.append("# HELP weir_persistent_queries_running Materialized views' and INSERT ... SELECT")
                .append(" queries running.\n");
        b.append("# TYPE weir_persistent_queries_running gauge\n");
        b.append("weir_persistent_queries_running ")
                .append(engine.persistentQueries().size())
                .append('\n');
        b.append("# HELP weir_connections Open client connections.\n");
        b.append("# TYPE weir_connections gauge\n");
        b.append("weir_connections ").append(meta.connectionCount()).append('\n');
        b.append("# TYPE weir_query_rows_in_total counter\n");
        b.append("# TYPE weir_query_rows_out_total counter\n");
        b.append("# TYPE weir_query_late_rows_dropped_total counter\n");
        b.append("# TYPE weir_query_watermark_lag_seconds gauge\n");
        b.append("# TYPE weir_query_state_bytes gauge\n");
        long now = System.currentTimeMillis();
        for (Map.Entry<String, Job> entry : jobs.entrySet()) {
            Job job = entry.getValue();
            List<OperatorMetrics> ops = job.metrics();
            long late = 0;
            for (OperatorMetrics m : ops) {
                late += m.lateRowsDropped() + m.nullTimeRowsDropped();
            }
            String label = "{query=\"" + entry.getKey() + "\"}";
            long in = ops.isEmpty() ? 0 : ops.get(0).rowsIn();
            long out = ops.isEmpty() ? 0 : ops.get(ops.size() - 1).rowsOut();
            long watermark = ops.isEmpty() ? Watermarks.NONE : ops.get(ops.size() - 1).watermark();
            b.append("weir_query_rows_in_total").append(label).append(' ').append(in).append('\n');
            b.append("weir_query_rows_out_total")
                    .append(label)
                    .append(' ')
                    .append(out)
                    .append('\n');
            b.append("weir_query_late_rows_dropped_total")
                    .append(label)
                    .append(' ')
                    .append(late)
                    .append('\n');
            if (watermark != Watermarks.NONE && watermark != Watermarks.END) {
                b.append("weir_query_watermark_lag_seconds")
                        .append(label)
                        .append(' ')
                        .append((now - watermark) / 1000.0)
                        .append('\n');
            }
            b.append("weir_query_state_bytes")
                    .append(label)
                    .append(' ')
                    .append(job.stateSizeBytes())
                    .append('\n');
        }
        DurabilityMetrics.append(engine.durability(), b);
        return b.toString();
    }
}
