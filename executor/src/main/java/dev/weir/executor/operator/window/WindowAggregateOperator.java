package dev.weir.executor.operator.window;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.EventTimeOperator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.aggregate.Aggregator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.AggregateCallSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Aggregates insert-only rows per key and aligned window (TUMBLE, HOP, CUMULATE), or per key and
 * the window each row carries (attached windows: {@link #attached}).
 *
 * <p>Every change (EMIT STREAM): a window's first row emits +I, each later row -U of the old result
 * and +U of the new. After the watermark (EMIT ... AFTER WATERMARK): a window emits +I of its final
 * result once the watermark reaches its end; a row arriving within the allowed lateness emits -U of
 * that final and +U of the new one. A window's state is dropped once the watermark passes its end
 * plus the allowed lateness; a row all of whose windows are gone is late: dropped and counted.
 * Output: key fields, window_start, window_end, then the calls.
 */
public final class WindowAggregateOperator extends EventTimeOperator {
    private static final long STATE_SIZE_EVERY = 10_000;

    private final int[] keys;
    private final int timeField;

    /** The windows of a row's time; null when each row carries its own (attached windows). */
    private final WindowAssigner assigner;

    private final List<AggregateCallSpec> calls;
    private final boolean afterWatermark;
    private final long allowedLateness;

    private OperatorContext context;
    private KeyValueState<Row, Row> windows;
    private WindowTimers timers;
    private Aggregator aggregator;
    private WindowOperatorState shared;
    private long rowsSeen;

    public WindowAggregateOperator(
            List<Integer> keys,
            int timeField,
            WindowAssigner assigner,
            List<AggregateCallSpec> calls,
            boolean afterWatermark,
            long allowedLateness) {
        this.keys = keys.stream().mapToInt(Integer::intValue).toArray();
        this.timeField = timeField;
        this.assigner = assigner;
        this.calls = List.copyOf(calls);
        this.afterWatermark = afterWatermark;
        this.allowedLateness = allowedLateness;
    }

    /**
     * The operator over attached windows (Flink's window-attached windowing): each row's window is
     * its own, window_start at {@code startField} and window_end right after it, so a row's window
     * is complete once the watermark passes that end. Output as for assigned windows.
     */
    public static WindowAggregateOperator attached(
            List<Integer> keys,
            int startField,
            List<AggregateCallSpec> calls,
            boolean afterWatermark,
            long allowedLateness) {
        return new WindowAggregateOperator(
                keys, startField, null, calls, afterWatermark, allowedLateness);
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        windows =
                context.state()
                        .keyValueState(id + ".windows", RowCodec.INSTANCE, RowCodec.INSTANCE);
        shared = new WindowOperatorState(context, calls);
        openEventTime(context, shared.watermark);
        timers = shared.timers;
        aggregator = shared.aggregator;
    }

    @Override
    public void processChange(int input, Change change) {
        Row row = change.row();
        Object time = row.get(timeField);
        Object attachedEnd = assigner == null ? row.get(timeField + 1) : null;
        if (time == null || (assigner == null && attachedEnd == null)) {
            context.metrics().nullTimeRowDropped();
            return;
        }
        Row key = row.project(keys);
        // [0]: windows the row falls in, [1]: those still open. A row in no window at all (a gap
        // between hopping windows longer than they are) is not late, just in no window.
        int[] windowCounts = new int[2];
        WindowAssigner windows =
                assigner != null
                        ? assigner
                        : (start, sink) -> sink.window(start, (Long) attachedEnd);
        windows.assign(
                (Long) time,
                (start, end) -> {
                    windowCounts[0]++;
                    if (end + allowedLateness <= currentWatermark()) {
                        return; // this window is complete and gone
                    }
                    windowCounts[1]++;
                    addToWindow(key.append(start, end), row, end);
                });
        if (windowCounts[0] > 0 && windowCounts[1] == 0) {
            context.metrics().lateRowDropped();
        }
        if (++rowsSeen % STATE_SIZE_EVERY == 0) {
            context.metrics().stateSizeBytes(context.state().approximateSizeBytes());
        }
    }

    /** Stored per window: the accumulator, then whether its final result was emitted. */
    private void addToWindow(Row window, Row row, long end) {
        Row stored = windows.get(window);
        Object[] acc;
        boolean fired;
        Object[] before = null;
        if (stored == null) {
            acc = aggregator.newAccumulator();
            fired = false;
            if (afterWatermark && end > currentWatermark()) {
                timers.register(end, WindowTimers.FIRE, window);
            }
            timers.register(end + allowedLateness, WindowTimers.CLEANUP, window);
        } else {
            Object[] values = stored.toArray();
            acc = Arrays.copyOf(values, values.length - 1);
            fired = (Boolean) values[values.length - 1];
            before = aggregator.results(acc);
        }
        aggregator.accumulate(acc, window, row);
        Object[] after = aggregator.results(acc);
        if (afterWatermark && !fired && end <= currentWatermark()) {
            // A window first seen within the allowed lateness is complete already: final now.
            fired = true;
            emit(Change.insert(window.append(after)));
            windows.put(window, Row.wrap(acc).append(true));
            return;
        }
        windows.put(window, Row.wrap(acc).append(fired));
        if (!afterWatermark || fired) {
            if (before == null) {
                emit(Change.insert(window.append(after)));
            } else if (!Arrays.equals(before, after)) {
                emit(Change.updateBefore(window.append(before)));
                emit(Change.updateAfter(window.append(after)));
            }
        }
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
            if (due.kind() == WindowTimers.FIRE) {
                Row stored = windows.get(window);
                if (stored != null) {
                    Object[] values = stored.toArray();
                    Object[] acc = Arrays.copyOf(values, values.length - 1);
                    emit(Change.insert(window.append(aggregator.results(acc))));
                    windows.put(window, Row.wrap(acc).append(true));
                }
            } else {
                windows.delete(window);
                aggregator.clear(window);
            }
        }
    }

    private void emit(Change change) {
        context.output().emit(change);
    }
}
