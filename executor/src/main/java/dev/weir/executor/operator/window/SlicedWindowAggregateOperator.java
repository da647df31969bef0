package dev.weir.executor.operator.window;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.EventTimeOperator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.aggregate.Aggregator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.AggregateCallSpec;
import java.util.List;

/**
 * Aggregates insert-only rows per key and aligned window (TUMBLE, HOP, CUMULATE) by slices, for
 * final results only (EMIT ... AFTER WATERMARK without allowed lateness) and calls whose
 * accumulators merge (no DISTINCT): {@link WindowAggregateOperator} does the rest. The results,
 * their order and the rows dropped as late are that operator's.
 *
 * <p>Each row is accumulated into its one slice ({@link SliceAssigner}). When the watermark reaches
 * a window's end, the window's slices are merged into its result, emitted once as +I; a slice is
 * deleted when the last window holding it fires. A row whose windows have all fired is late:
 * dropped and counted. State: {@code (key..., slice end) -> accumulator}, and a firing timer per
 * (key, window) that holds a row, in the same timer state and order as the other operator's.
 */
public final class SlicedWindowAggregateOperator extends EventTimeOperator {
    private static final long STATE_SIZE_EVERY = 10_000;

    private final int[] keys;
    private final int timeField;
    private final SliceAssigner slicer;
    private final List<AggregateCallSpec> calls;

    private OperatorContext context;
    private KeyValueState<Row, Row> slices;
    private WindowTimers timers;
    private Aggregator aggregator;
    private WindowOperatorState shared;
    private long rowsSeen;

    public SlicedWindowAggregateOperator(
            List<Integer> keys,
            int timeField,
            SliceAssigner slicer,
            List<AggregateCallSpec> calls) {
        if (calls.stream().anyMatch(AggregateCallSpec::distinct)) {
            throw new IllegalArgumentException("DISTINCT accumulators of slices do not merge");
        }
        this.keys = keys.stream().mapToInt(Integer::intValue).toArray();
        this.timeField = timeField;
        this.slicer = slicer;
        this.calls = List.copyOf(calls);
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        slices =
                context.state()
                        .keyValueState(
                                context.operatorId() + ".slices",
                                RowCodec.INSTANCE,
                                RowCodec.INSTANCE);
        shared = new WindowOperatorState(context, calls);
        openEventTime(context, shared.watermark);
        timers = shared.timers;
        aggregator = shared.aggregator;
    }

    @Override
    public void processChange(int input, Change change) {
        Row row = change.row();
        Object time = row.get(timeField);
        if (time == null) {
            context.metrics().nullTimeRowDropped();
            return;
        }
        long sliceEnd = slicer.sliceEnd((Long) time);
        long lastWindowEnd = slicer.lastWindowEnd(sliceEnd);
        if (lastWindowEnd == Long.MIN_VALUE) {
            return; // in a gap between hopping windows: in no window, and so not late either
        }
        if (lastWindowEnd <= currentWatermark()) {
            context.metrics().lateRowDropped(); // every window holding it has fired
            return;
        }
        Row key = row.project(keys);
        Row slice = key.append(sliceEnd);
        Row stored = slices.get(slice);
        Object[] acc;
        if (stored == null) {
            acc = aggregator.newAccumulator();
            registerWindows(key, sliceEnd);
        } else {
            acc = stored.toArray();
        }
        aggregator.accumulate(acc, slice, row);
        slices.put(slice, Row.wrap(acc));
        if (++rowsSeen % STATE_SIZE_EVERY == 0) {
            context.metrics().stateSizeBytes(context.state().approximateSizeBytes());
        }
    }

    /**
     * Sets the firing timers of the windows of a new slice that are still to fire. Every slice in
     * state has a timer set for each of its windows still to fire; so when the slice before this
     * one is in state, the windows holding both have theirs, and only the others need one.
     */
    private void registerWindows(Row key, long sliceEnd) {
        long previous = slicer.previousSlice(sliceEnd);
        boolean previousHeld =
                slicer.windowsSpanSlices() && slices.get(key.append(previous)) != null;
        long watermark = currentWatermark();
        slicer.windows(
                sliceEnd,
                (start, end) -> {
                    if (end > watermark && !(previousHeld && slicer.holds(start, end, previous))) {
                        timers.register(end, WindowTimers.FIRE, key.append(start, end));
                    }
                });
    }

    @Override
    protected void fireDue(long next) {
        fire(timers.takeDue(next));
    }

    @Override
    protected void fireDueOfKey(long time) {
        fire(timers.takeDueOfKey(time));
    }

    /**
     * Merges each due window's slices into its result; deletes the slices no later window holds.
     */
    private void fire(List<WindowTimers.Due> dueTimers) {
        for (WindowTimers.Due due : dueTimers) {
            Row window = due.window();
            int arity = window.arity();
            long start = (Long) window.get(arity - 2);
            long end = (Long) window.get(arity - 1);
            Row key = window.slice(0, arity - 2);
            Object[] acc = null;
            for (long sliceEnd = slicer.firstSlice(start);
                    sliceEnd <= end;
                    sliceEnd += slicer.length()) {
                Row slice = key.append(sliceEnd);
                Row stored = slices.get(slice);
                if (stored == null) {
                    continue;
                }
                if (acc == null) {
                    acc = stored.toArray();
                } else {
                    aggregator.merge(acc, window, stored.toArray(), slice);
                }
                if (slicer.lastWindowEnd(sliceEnd) <= end) {
                    slices.delete(slice);
                }
            }
            if (acc != null) {
                context.output().emit(Change.insert(window.append(aggregator.results(acc))));
            }
        }
    }
}
