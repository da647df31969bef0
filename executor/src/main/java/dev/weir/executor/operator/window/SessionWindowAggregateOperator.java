package dev.weir.executor.operator.window;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.EventTimeOperator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.aggregate.Aggregator;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.AggregateCallSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Aggregates insert-only rows per key and session window. A row at time t opens the session {@code
 * [t, t + gap)}; sessions of one key that overlap or touch merge into one (Flink's and Calcite's
 * rule), their accumulators folded together.
 *
 * <p>Emission follows {@link WindowAggregateOperator}; when sessions merge, each replaced session
 * that was emitted is retracted with -D and the merged one inserted with +I (its window_end, and so
 * its identity, changed). A row is late only when it joins no session still in state and its own
 * session ended, plus the allowed lateness, at or before the watermark. State per session: {@code
 * (key..., start) -> (end, fired, acc...)}; output rows: key fields, window_start, window_end, then
 * the calls.
 */
public final class SessionWindowAggregateOperator extends EventTimeOperator {
    private final int[] keys;
    private final int timeField;
    private final long gap;
    private final List<AggregateCallSpec> calls;
    private final boolean afterWatermark;
    private final long allowedLateness;

    private OperatorContext context;
    private KeyValueState<Row, Row> sessions;
    private WindowTimers timers;
    private Aggregator aggregator;
    private WindowOperatorState shared;

    public SessionWindowAggregateOperator(
            List<Integer> keys,
            int timeField,
            long gap,
            List<AggregateCallSpec> calls,
            boolean afterWatermark,
            long allowedLateness) {
        this.keys = keys.stream().mapToInt(Integer::intValue).toArray();
        this.timeField = timeField;
        this.gap = gap;
        this.calls = List.copyOf(calls);
        this.afterWatermark = afterWatermark;
        this.allowedLateness = allowedLateness;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        sessions =
                context.state()
                        .keyValueState(id + ".sessions", RowCodec.INSTANCE, RowCodec.INSTANCE);
        shared = new WindowOperatorState(context, calls);
        openEventTime(context, shared.watermark);
        timers = shared.timers;
        aggregator = shared.aggregator;
    }

    /** A stored session. */
    private record Session(long start, long end, boolean fired, Object[] acc) {
        SessionWindow window() {
            return new SessionWindow(start, end);
        }
    }

    @Override
    public void processChange(int input, Change change) {
        Row row = change.row();
        Object timeValue = row.get(timeField);
        if (timeValue == null) {
            context.metrics().nullTimeRowDropped();
            return;
        }
        Row key = row.project(keys);
        SessionWindow own = SessionWindow.of((Long) timeValue, gap);
        List<Session> merged = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = sessions.prefix(key)) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> e = it.next();
                Session s = decode(e.getKey(), e.getValue());
                if (own.mergesWith(s.window())) {
                    merged.add(s);
                }
            }
        }
        // Every session in state is still open (cleanup removes it once the watermark passes its
        // end plus the lateness), so a row joining one is not late however old it is alone: as in
        // Flink, a row is late only if the session it ends up in is.
        if (merged.isEmpty() && own.end() + allowedLateness <= currentWatermark()) {
            context.metrics().lateRowDropped();
            return;
        }
        SessionWindow covered = own;
        for (Session s : merged) {
            covered = covered.cover(s.window());
        }
        long start = covered.start();
        long end = covered.end();
        Row scope = key.append(start);
        Object[] acc = aggregator.newAccumulator();
        Session same = null;
        boolean anyFired = false;
        for (Session s : merged) {
            if (s.start() == start && s.end() == end) {
                same = s;
            }
            anyFired |= s.fired();
            if (s.start() != start) {
                Row from = key.append(s.start());
                sessions.delete(from);
                aggregator.merge(acc, scope, s.acc(), from);
            } else {
                // Stored under the merged session's own key: the put below replaces it.
                System.arraycopy(s.acc(), 0, acc, 0, acc.length);
            }
        }
        aggregator.accumulate(acc, scope, row);
        boolean visible = !afterWatermark || anyFired;
        if (visible && same != null && merged.size() == 1) {
            Object[] before = aggregator.results(same.acc());
            Object[] after = aggregator.results(acc);
            if (!Arrays.equals(before, after)) {
                emit(Change.updateBefore(key.append(start, end).append(before)));
                emit(Change.updateAfter(key.append(start, end).append(after)));
            }
        } else {
            for (Session s : merged) {
                if (!afterWatermark || s.fired()) {
                    emit(
                            Change.delete(
                                    key.append(s.start(), s.end())
                                            .append(aggregator.results(s.acc()))));
                }
            }
            if (!afterWatermark || end <= currentWatermark()) {
                // In AFTER WATERMARK mode a session already complete (within the lateness) is
                // final at once.
                emit(Change.insert(key.append(start, end).append(aggregator.results(acc))));
            }
        }
        boolean fired = afterWatermark && end <= currentWatermark();
        sessions.put(scope, Row.of(end, fired).append(acc));
        if (same != null && merged.size() == 1 && same.fired() == fired) {
            return; // the same session: its timers stand
        }
        // The replaced sessions' timers would find nothing: remove them rather than leave them to
        // fill the timer state until they come due.
        for (Session s : merged) {
            Row replaced = key.append(s.start(), s.end());
            if (afterWatermark && !s.fired()) {
                timers.delete(s.end(), WindowTimers.FIRE, replaced);
            }
            timers.delete(s.end() + allowedLateness, WindowTimers.CLEANUP, replaced);
        }
        Row window = key.append(start, end);
        if (afterWatermark && !fired) {
            timers.register(end, WindowTimers.FIRE, window);
        }
        timers.register(end + allowedLateness, WindowTimers.CLEANUP, window);
    }

    private Session decode(Row key, Row value) {
        Object[] v = value.toArray();
        return new Session(
                (Long) key.get(key.arity() - 1),
                (Long) v[0],
                (Boolean) v[1],
                Arrays.copyOfRange(v, 2, v.length));
    }

    @Override
    protected void fireDue(long next) {
        fire(timers.takeDue(next));
    }

    @Override
    protected void fireDueOfKey(long time) {
        fire(timers.takeDueOfKey(time));
    }

    private void fire(List<WindowTimers.Due> dueTimers) {
        for (WindowTimers.Due due : dueTimers) {
            Row window = due.window();
            long end = (Long) window.get(window.arity() - 1);
            Row scope = window.slice(0, window.arity() - 1);
            Row stored = sessions.get(scope);
            if (stored == null || (Long) stored.get(0) != end) {
                continue; // the session has merged into another since this timer was set
            }
            Session s = decode(scope, stored);
            if (due.kind() == WindowTimers.FIRE) {
                if (!s.fired()) {
                    emit(Change.insert(window.append(aggregator.results(s.acc()))));
                    sessions.put(scope, Row.of(end, true).append(s.acc()));
                }
            } else {
                sessions.delete(scope);
                aggregator.clear(scope);
            }
        }
    }

    private void emit(Change change) {
        context.output().emit(change);
    }
}
