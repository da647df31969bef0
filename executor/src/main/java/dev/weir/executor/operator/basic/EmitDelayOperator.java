package dev.weir.executor.operator.basic;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EMIT ... AFTER DELAY d over a result with a key (see {@link KeylessEmitDelayOperator} for one
 * without): per result key, changes are held and realized at most once per d of processing time,
 * the earliest pending change starting the clock. What is realized is the net change since the last
 * realization: +I, -U/+U, -D, or nothing if the row came back unchanged. When every input has
 * ended, everything pending is realized at once.
 *
 * <p>With AFTER WATERMARK too ({@code windowEndField} set), these are early results, and a window's
 * final result is realized as soon as the watermark reaches the window's end, without waiting for
 * the delay. What was realized for a window is kept until its allowed lateness has passed.
 */
public final class EmitDelayOperator implements Operator {
    private static final Row DELETED = Row.of("$deleted");

    private final int[] keys;
    private final long delay;
    private final int windowEndField;
    private final long allowedLateness;
    private OperatorContext context;
    private KeyValueState<Row, Row> emitted;
    private KeyValueState<Row, Row> pending;
    private KeyValueState<Row, Row> due;

    /** When each pending key is due: to drop its timer entry when the watermark realizes it. */
    private KeyValueState<Row, Row> dueOf;

    /**
     * No window ends before this among the kept rows: a watermark below it has nothing to realize
     * or expire, so most watermarks (one per row) cost nothing. Unknown after a restore.
     */
    private long earliestWindowEnd = Long.MIN_VALUE;

    public EmitDelayOperator(List<Integer> keys, long delay) {
        this(keys, delay, -1, 0);
    }

    /**
     * @param windowEndField the field with the window's end, realized as final when the watermark
     *     reaches it; -1 for AFTER DELAY alone
     */
    public EmitDelayOperator(
            List<Integer> keys, long delay, int windowEndField, long allowedLateness) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(
                    "a result without a key is a multiset: see KeylessEmitDelayOperator");
        }
        this.keys = keys.stream().mapToInt(Integer::intValue).toArray();
        this.delay = delay;
        this.windowEndField = windowEndField;
        this.allowedLateness = allowedLateness;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        emitted =
                context.state()
                        .keyValueState(id + ".emitted", RowCodec.INSTANCE, RowCodec.INSTANCE);
        pending =
                context.state()
                        .keyValueState(id + ".pending", RowCodec.INSTANCE, RowCodec.INSTANCE);
        due = context.state().keyValueState(id + ".due", RowCodec.INSTANCE, RowCodec.INSTANCE);
        dueOf = context.state().keyValueState(id + ".dueOf", RowCodec.INSTANCE, RowCodec.INSTANCE);
        // Processing-time timers live in the runtime, not in state: after a restore, ask again for
        // the ones the pending keys wait on, or they would wait until the input ends.
        long registered = Long.MIN_VALUE;
        try (CloseableIterator<Map.Entry<Row, Row>> it = due.all()) {
            while (it.hasNext()) {
                long time = (Long) it.next().getKey().get(0);
                if (time != registered) {
                    context.registerProcessingTimer(time);
                    registered = time;
                }
            }
        }
    }

    @Override
    public void processChange(int input, Change change) {
        Row key = change.row().project(keys);
        boolean waiting = pending.get(key) != null;
        switch (change.kind()) {
            case INSERT, UPDATE_AFTER -> pending.put(key, change.row());
            // A -U is a deletion until its +U comes: a filter above an aggregate (HAVING) drops
            // the +U of a row that no longer passes, and the row must then go.
            case DELETE, UPDATE_BEFORE -> pending.put(key, DELETED);
        }
        if (windowEndField >= 0 && change.row().get(windowEndField) instanceof Long end) {
            earliestWindowEnd = Math.min(earliestWindowEnd, end);
        }
        if (!waiting) {
            long time = context.currentProcessingTime() + delay;
            due.put(Row.of(time).append(key.toArray()), Row.of());
            if (windowEndField >= 0) {
                dueOf.put(key, Row.of(time));
            }
            context.registerProcessingTimer(time);
        }
    }

    @Override
    public void onProcessingTime(long now) {
        realize(now);
    }

    @Override
    public void processWatermark(long watermark) {
        if (watermark == Watermarks.END) {
            realize(Long.MAX_VALUE - 1);
        } else if (windowEndField >= 0) {
            realizeComplete(watermark);
        }
        context.metrics().watermark(watermark);
        context.output().emitWatermark(watermark);
    }

    /** Final results: every pending key whose window the watermark has completed, now. */
    private void realizeComplete(long watermark) {
        if (watermark < earliestWindowEnd) {
            return;
        }
        long earliest = Long.MAX_VALUE;
        List<Row> complete = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = pending.all()) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> entry = it.next();
                Row row = entry.getValue();
                Row last = emitted.get(entry.getKey());
                Row any = row.equals(DELETED) ? last : row;
                if (any != null && (Long) any.get(windowEndField) <= watermark) {
                    complete.add(entry.getKey());
                } else if (any != null) {
                    earliest = Math.min(earliest, (Long) any.get(windowEndField));
                }
            }
        }
        for (Row key : complete) {
            Row time = dueOf.get(key);
            if (time != null) {
                due.delete(time.append(key.toArray()));
                dueOf.delete(key);
            }
            realizeKey(key);
        }
        // Rows realized for windows past their lateness will not change again.
        List<Row> expired = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = emitted.all()) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> entry = it.next();
                long end = (Long) entry.getValue().get(windowEndField);
                if (end + allowedLateness <= watermark && pending.get(entry.getKey()) == null) {
                    expired.add(entry.getKey());
                } else {
                    earliest = Math.min(earliest, end + allowedLateness);
                }
            }
        }
        expired.forEach(emitted::delete);
        earliestWindowEnd = earliest;
    }

    private void realize(long now) {
        List<Row> dueKeys = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it =
                due.range(Row.of(Long.MIN_VALUE), Row.of(now + 1))) {
            it.forEachRemaining(e -> dueKeys.add(e.getKey()));
        }
        for (Row dueKey : dueKeys) {
            due.delete(dueKey);
            Object[] values = dueKey.toArray();
            Object[] keyValues = new Object[values.length - 1];
            System.arraycopy(values, 1, keyValues, 0, keyValues.length);
            Row key = Row.wrap(keyValues);
            if (windowEndField >= 0) {
                dueOf.delete(key);
            }
            realizeKey(key);
        }
    }

    /** Realizes the net change of {@code key} since its last realization. */
    private void realizeKey(Row key) {
        Row next = pending.get(key);
        pending.delete(key);
        if (next == null) {
            return;
        }
        Row last = emitted.get(key);
        if (next.equals(DELETED)) {
            if (last != null) {
                emit(Change.delete(last));
                emitted.delete(key);
            }
        } else if (last == null) {
            emit(Change.insert(next));
            emitted.put(key, next);
        } else if (!last.equals(next)) {
            emit(Change.updateBefore(last));
            emit(Change.updateAfter(next));
            emitted.put(key, next);
        }
    }

    private void emit(Change change) {
        context.output().emit(change);
    }
}
