package dev.weir.executor.operator.window;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.EventTimeOperator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.WatermarkState;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SESSION without aggregation: annotates each row with the session it belongs to. A session's
 * extent is known only once no later row can extend it, so rows wait in state until the watermark
 * passes their session's end; then each is emitted once, with window_start and window_end appended.
 * Output is insert-only.
 *
 * <p>Sessions merge by {@link SessionWindow}'s rule. Rows are kept under {@code (key..., time,
 * row...)} with a count, apart from the sessions {@code (key..., start) -> end}, so a merge touches
 * only the sessions: a closed session finds its rows with one range scan over its time span. A row
 * is late when it joins no open session and its own session would already have ended at the
 * watermark.
 */
public final class SessionAssignOperator extends EventTimeOperator {
    private final int[] keys;
    private final int timeField;
    private final long gap;

    private OperatorContext context;
    private KeyValueState<Row, Row> sessions;
    private KeyValueState<Row, Row> rows;
    private WindowTimers timers;

    public SessionAssignOperator(List<Integer> keys, int timeField, long gap) {
        this.keys = keys.stream().mapToInt(Integer::intValue).toArray();
        this.timeField = timeField;
        this.gap = gap;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        sessions =
                context.state()
                        .keyValueState(id + ".sessions", RowCodec.INSTANCE, RowCodec.INSTANCE);
        rows = context.state().keyValueState(id + ".rows", RowCodec.INSTANCE, RowCodec.INSTANCE);
        timers = new WindowTimers(context, id + ".timers");
        openEventTime(context, new WatermarkState(context.operatorState(), id + ".meta"));
    }

    @Override
    public void processChange(int input, Change change) {
        Row row = change.row();
        if (!(row.get(timeField) instanceof Long time)) {
            context.metrics().nullTimeRowDropped();
            return;
        }
        Row key = row.project(keys);
        SessionWindow covered = SessionWindow.of(time, gap);
        List<SessionWindow> merged = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = sessions.prefix(key)) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> e = it.next();
                SessionWindow s =
                        new SessionWindow(
                                (Long) e.getKey().get(e.getKey().arity() - 1),
                                (Long) e.getValue().get(0));
                if (covered.mergesWith(s)) {
                    merged.add(s);
                }
            }
        }
        if (merged.isEmpty() && covered.end() <= currentWatermark()) {
            context.metrics().lateRowDropped();
            return;
        }
        for (SessionWindow s : merged) {
            covered = covered.cover(s);
            sessions.delete(key.append(s.start()));
        }
        sessions.put(key.append(covered.start()), Row.of(covered.end()));
        timers.register(
                covered.end(), WindowTimers.FIRE, key.append(covered.start(), covered.end()));
        Row stored = key.append(time).append(row.toArray());
        Row count = rows.get(stored);
        rows.put(stored, Row.of(count == null ? 1L : (Long) count.get(0) + 1));
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
            int keyLength = window.arity() - 2;
            long start = (Long) window.get(keyLength);
            long end = (Long) window.get(keyLength + 1);
            Row key = window.slice(0, keyLength);
            Row session = key.append(start);
            Row stored = sessions.get(session);
            if (stored == null || (Long) stored.get(0) != end) {
                continue; // merged into a larger session since this timer was set
            }
            sessions.delete(session);
            List<Row> done = new ArrayList<>();
            try (CloseableIterator<Map.Entry<Row, Row>> it =
                    rows.range(key.append(start), key.append(end))) {
                while (it.hasNext()) {
                    Map.Entry<Row, Row> e = it.next();
                    done.add(e.getKey());
                    Row original = e.getKey().slice(keyLength + 1, e.getKey().arity());
                    long count = (Long) e.getValue().get(0);
                    for (long i = 0; i < count; i++) {
                        context.output().emit(Change.insert(original.append(start, end)));
                    }
                }
            }
            done.forEach(rows::delete);
        }
    }
}
