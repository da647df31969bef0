package dev.weir.executor.operator.window;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.TimeOrderedOperator;
import dev.weir.executor.operator.WatermarkState;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.WindowBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Holds a windowing function's rows until the watermark passes their window's end (EMIT AFTER
 * WATERMARK over rows, not an aggregate), then emits each once. See {@link WindowBuffer}.
 *
 * <p>State: each row, whole, under {@code (window_end, row...)} with its multiplicity, so that one
 * range scan finds every row the watermark completes, in window order, and a restored operator
 * finds them again; the watermark. A partitioned runtime runs it as one key: the buffer is small
 * next to what produced its rows, and their order is the windows'.
 */
public final class WindowBufferOperator extends TimeOrderedOperator {
    private static final long STATE_SIZE_EVERY = 10_000;

    private final int windowEndField;
    private final long allowedLateness;

    private OperatorContext context;
    private KeyValueState<Row, Row> rows;
    private long rowsSeen;

    public WindowBufferOperator(WindowBuffer node) {
        this.windowEndField = node.windowEndField();
        this.allowedLateness = node.allowedLateness();
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        rows = context.state().keyValueState(id + ".rows", RowCodec.INSTANCE, RowCodec.INSTANCE);
        openEventTime(context, new WatermarkState(context.operatorState(), id + ".meta"));
    }

    @Override
    public void processChange(int input, Change change) {
        Row row = change.row();
        long end = (Long) row.get(windowEndField);
        long watermark = currentWatermark();
        if (watermark != Watermarks.NONE && end <= watermark) {
            if (end > watermark - allowedLateness) {
                context.output().emit(Change.insert(row)); // its window came out already
            } else {
                context.metrics().lateRowDropped();
            }
            return;
        }
        Row stored = Row.of(end).append(row.toArray());
        Row count = rows.get(stored);
        rows.put(stored, Row.of(count == null ? 1L : (Long) count.get(0) + 1));
        context.registerEventTimer(end);
        if (++rowsSeen % STATE_SIZE_EVERY == 0) {
            context.metrics().stateSizeBytes(context.state().approximateSizeBytes());
        }
    }

    /** Emits and forgets the rows of windows ending in {@code [from, upTo]}, in window order. */
    @Override
    protected void fire(long from, long upTo) {
        List<Row> done = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = rows.range(Row.of(from), after(upTo))) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> e = it.next();
                Row key = e.getKey();
                Row row = key.slice(1, key.arity());
                for (long i = (Long) e.getValue().get(0); i > 0; i--) {
                    context.output().emit(Change.insert(row));
                }
                done.add(key);
            }
        }
        done.forEach(rows::delete);
    }
}
