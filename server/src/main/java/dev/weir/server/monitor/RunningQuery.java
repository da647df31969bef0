package dev.weir.server.monitor;

import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.executor.operator.OperatorMetrics;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.runtime.Job;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One running query's live figures, read from its job: what {@code /metrics} and the console show.
 * The figures follow SHOW QUERIES: rows in are the first operator's (the sources'), rows out the
 * last one's, the watermark the last one's, late rows all operators' dropped late and NULL-time
 * rows together.
 *
 * @param id e.g. {@code q3}, {@code mv_totals}, {@code insert_1}
 * @param persistent a materialized view's or an {@code INSERT ... SELECT}'s query, which runs until
 *     dropped; otherwise a client's continuous query
 */
public record RunningQuery(String id, boolean persistent, Job job) {

    /** An operator's figures, labelled uniquely within its query. */
    public record Operator(String label, OperatorMetrics metrics) {}

    /** The queries running now: persistent ones first, then continuous ones, oldest first. */
    public static List<RunningQuery> all(Engine engine) {
        List<RunningQuery> all = new ArrayList<>();
        engine.persistentQueries().forEach((id, job) -> all.add(new RunningQuery(id, true, job)));
        for (ContinuousQuery q : engine.continuousQueries().running()) {
            q.job().ifPresent(job -> all.add(new RunningQuery(q.id(), false, job)));
        }
        return all;
    }

    public String state() {
        return job.status();
    }

    public long rowsIn() {
        List<OperatorMetrics> ops = job.metrics();
        return ops.isEmpty() ? 0 : ops.get(0).rowsIn();
    }

    public long rowsOut() {
        List<OperatorMetrics> ops = job.metrics();
        return ops.isEmpty() ? 0 : ops.get(ops.size() - 1).rowsOut();
    }

    public long lateRowsDropped() {
        long late = 0;
        for (OperatorMetrics m : job.metrics()) {
            late += m.lateRowsDropped() + m.nullTimeRowsDropped();
        }
        return late;
    }

    /** Records its sources could not decode and skipped. */
    public long malformedRecords() {
        long malformed = 0;
        for (OperatorMetrics m : job.metrics()) {
            malformed += m.malformedRecords();
        }
        return malformed;
    }

    /** The watermark in milliseconds since the epoch; empty before the first and after the end. */
    public OptionalLong watermarkMillis() {
        List<OperatorMetrics> ops = job.metrics();
        return ops.isEmpty() ? OptionalLong.empty() : watermarkMillis(ops.get(ops.size() - 1));
    }

    public static OptionalLong watermarkMillis(OperatorMetrics m) {
        long w = m.watermark();
        return w == Watermarks.NONE || w == Watermarks.END
                ? OptionalLong.empty()
                : OptionalLong.of(w);
    }

    public long stateBytes() {
        return job.stateSizeBytes();
    }

    /**
     * Every operator, sources first, labelled by its id; an id seen twice in the query (a stream
     * read twice, by a self-join) gets {@code #2}, {@code #3}, so that no two series collide.
     */
    public List<Operator> operators() {
        Map<String, Integer> seen = new HashMap<>();
        List<Operator> operators = new ArrayList<>();
        for (OperatorMetrics m : job.metrics()) {
            int n = seen.merge(m.operatorId(), 1, Integer::sum);
            operators.add(new Operator(n == 1 ? m.operatorId() : m.operatorId() + "#" + n, m));
        }
        return operators;
    }
}
