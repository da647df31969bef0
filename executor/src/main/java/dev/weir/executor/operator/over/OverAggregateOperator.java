package dev.weir.executor.operator.over;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.TimeOrderedOperator;
import dev.weir.executor.operator.WatermarkState;
import dev.weir.executor.operator.aggregate.Aggregator;
import dev.weir.executor.operator.aggregate.LongCodec;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.OverAggregate;
import dev.weir.plan.OverFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OVER aggregates ordered by event time over an insert-only input (Flink's row-time over
 * aggregation): each row waits until the watermark passes its time, then comes out once with the
 * aggregates of its frame appended. Waiting makes the frames exact: once the watermark passes a
 * time, every row of the partition up to it is known (later ones are late and dropped).
 *
 * <p>State: rows waiting for the watermark, whole, under {@code (time, partition..., arrival)}, so
 * one range scan finds every row the watermark passed, in time order; per partition its next
 * arrival number and the accumulator of its current frame; for a bounded frame the rows in it,
 * whole, under {@code (partition..., time, arrival)}, which leave it (retracted from the
 * accumulator) as later rows push them out, and value counts for MIN and MAX, which are recomputed
 * from them when their extreme leaves. An unbounded frame keeps only the accumulator.
 *
 * <p>ROWS frames count rows in (time, arrival) order: rows of equal time in their order of arrival.
 * RANGE frames take a row's peers (rows of its time) with it, so peers get equal results.
 */
public final class OverAggregateOperator extends TimeOrderedOperator {
    private static final long STATE_SIZE_EVERY = 10_000;

    private final int[] partitionKeys;
    private final int timeField;
    private final OverFrame frame;
    private final OverAggregate node;

    private OperatorContext context;
    private Aggregator aggregator;
    private KeyValueState<Row, Row> waiting;
    private KeyValueState<Row, Row> partitions;
    private KeyValueState<Row, Row> frameRows;
    private long rowsSeen;

    public OverAggregateOperator(OverAggregate node) {
        this.node = node;
        this.partitionKeys = node.partitionKeys().stream().mapToInt(Integer::intValue).toArray();
        this.timeField = node.timeField();
        this.frame = node.frame();
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        waiting =
                context.state()
                        .keyValueState(id + ".waiting", RowCodec.INSTANCE, RowCodec.INSTANCE);
        partitions =
                context.state()
                        .keyValueState(id + ".partitions", RowCodec.INSTANCE, RowCodec.INSTANCE);
        frameRows =
                context.state().keyValueState(id + ".frame", RowCodec.INSTANCE, RowCodec.INSTANCE);
        KeyValueState<Row, Long> values =
                context.state()
                        .keyValueState(id + ".values", RowCodec.INSTANCE, LongCodec.INSTANCE);
        aggregator = new Aggregator(node.calls(), !frame.unbounded(), values);
        openEventTime(context, new WatermarkState(context.operatorState(), id + ".meta"));
    }

    @Override
    public void processChange(int input, Change change) {
        if (change.kind() != RowKind.INSERT) {
            throw new IllegalStateException("an OVER aggregate's input must be insert-only");
        }
        Row row = change.row();
        Object time = row.get(timeField);
        if (time == null) {
            context.metrics().nullTimeRowDropped();
            return;
        }
        long t = (Long) time;
        if (t <= currentWatermark()) {
            context.metrics().lateRowDropped();
            return;
        }
        Row partition = row.project(partitionKeys);
        PartitionState state = PartitionState.read(partitions, partition, aggregator);
        long arrival = state.nextArrival++;
        state.write(partitions, partition);
        waiting.put(Row.of(t).append(partition.toArray()).append(arrival), row);
        context.registerEventTimer(t);
        if (++rowsSeen % STATE_SIZE_EVERY == 0) {
            context.metrics().stateSizeBytes(context.state().approximateSizeBytes());
        }
    }

    /** Computes and emits the waiting rows with times in {@code [from, upTo]}, by partition. */
    @Override
    protected void fire(long from, long upTo) {
        Map<Row, List<Waiting>> due = new LinkedHashMap<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = waiting.range(Row.of(from), after(upTo))) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> e = it.next();
                Row key = e.getKey();
                Row partition = key.slice(1, key.arity() - 1);
                due.computeIfAbsent(partition, p -> new ArrayList<>())
                        .add(
                                new Waiting(
                                        key,
                                        (Long) key.get(0),
                                        (Long) key.get(key.arity() - 1),
                                        e.getValue()));
            }
        }
        for (Map.Entry<Row, List<Waiting>> e : due.entrySet()) {
            e.getValue().forEach(w -> waiting.delete(w.key()));
            compute(e.getKey(), e.getValue());
        }
    }

    /** A row taken from the waiting rows: its state key, time, arrival number and the row. */
    private record Waiting(Row key, long time, long arrival, Row row) {}

    /** Emits each of {@code rows} (one partition's, in frame order) with its frame's aggregates. */
    private void compute(Row partition, List<Waiting> rows) {
        PartitionState state = PartitionState.read(partitions, partition, aggregator);
        Object[] acc = state.accumulator;
        try (FrameRows inFrame = frame.unbounded() ? null : new FrameRows(frameRows, partition)) {
            int i = 0;
            while (i < rows.size()) {
                // ROWS: one row at a time. RANGE: the row and its peers, which come out together.
                int end = i + 1;
                if (frame.unit() == OverFrame.Unit.RANGE) {
                    while (end < rows.size() && rows.get(end).time() == rows.get(i).time()) {
                        end++;
                    }
                }
                for (Waiting w : rows.subList(i, end)) {
                    aggregator.accumulate(acc, partition, w.row());
                    if (inFrame != null) {
                        inFrame.add(partition, w.time(), w.arrival(), w.row());
                    }
                }
                if (inFrame != null && frame.unit() == OverFrame.Unit.RANGE) {
                    long oldestKept = rangeStart(rows.get(i).time());
                    while (!inFrame.isEmpty() && inFrame.oldestTime() < oldestKept) {
                        aggregator.retract(acc, partition, inFrame.removeOldest());
                    }
                }
                Object[] results = aggregator.results(acc);
                for (Waiting w : rows.subList(i, end)) {
                    context.output().emit(Change.insert(w.row().append(results)));
                }
                if (inFrame != null && frame.unit() == OverFrame.Unit.ROWS) {
                    // The next row's frame: it and the last n rows before it.
                    while (Aggregator.rowCount(acc) > frame.preceding()) {
                        aggregator.retract(acc, partition, inFrame.removeOldest());
                    }
                }
                i = end;
            }
        }
        state.write(partitions, partition);
    }

    /** The earliest time in the RANGE frame of a row at {@code time} (saturating, not wrapping). */
    private long rangeStart(long time) {
        return time < Long.MIN_VALUE + frame.preceding()
                ? Long.MIN_VALUE
                : time - frame.preceding();
    }

    /** A partition's next arrival number and accumulator, as one state row. */
    private static final class PartitionState {
        long nextArrival;
        final Object[] accumulator;

        private PartitionState(long nextArrival, Object[] accumulator) {
            this.nextArrival = nextArrival;
            this.accumulator = accumulator;
        }

        static PartitionState read(
                KeyValueState<Row, Row> partitions, Row partition, Aggregator aggregator) {
            Row stored = partitions.get(partition);
            if (stored == null) {
                return new PartitionState(0, aggregator.newAccumulator());
            }
            return new PartitionState(
                    (Long) stored.get(0), stored.slice(1, stored.arity()).toArray());
        }

        void write(KeyValueState<Row, Row> partitions, Row partition) {
            partitions.put(partition, Row.of(nextArrival).append(accumulator));
        }
    }
}
