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
 * EMIT ... AFTER DELAY d over a result without a key: the result is a multiset, and the whole of it
 * is the one thing whose changes are held. The earliest pending change starts the clock; after d of
 * processing time the net change of the multiset since the last realization is realized: each row
 * whose multiplicity fell, retracted that many times ({@code -D}), then each row whose multiplicity
 * rose, inserted that many times ({@code +I}). A row added and removed within one delay is never
 * realized. When every input has ended, everything pending is realized at once.
 *
 * <p>A row is never identified by its value here beyond counting it: two equal rows are two rows
 * (duplicates stay duplicates), and a keyless {@code COUNT(*)} retracts its old value when its new
 * one comes. The state holds only what changed within the current delay (per changed row its net
 * count, and the due time): what was realized before is not kept, so it does not grow with the
 * result.
 */
public final class KeylessEmitDelayOperator implements Operator {
    private static final Row DUE = Row.of("due");

    private final long delay;
    private OperatorContext context;

    /** Per row changed since the last realization: its net change in multiplicity (non-zero). */
    private KeyValueState<Row, Row> pending;

    /** Under {@link #DUE}: when the pending changes are realized; absent when none are pending. */
    private KeyValueState<Row, Row> due;

    public KeylessEmitDelayOperator(long delay) {
        this.delay = delay;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        pending =
                context.state()
                        .keyValueState(id + ".pending", RowCodec.INSTANCE, RowCodec.INSTANCE);
        due = context.state().keyValueState(id + ".due", RowCodec.INSTANCE, RowCodec.INSTANCE);
        // Processing-time timers live in the runtime, not in state: after a restore, ask again.
        Row time = due.get(DUE);
        if (time != null) {
            context.registerProcessingTimer((Long) time.get(0));
        }
    }

    @Override
    public void processChange(int input, Change change) {
        Row row = change.row();
        Row stored = pending.get(row);
        long net =
                (stored == null ? 0 : (Long) stored.get(0))
                        + (change.kind().isAccumulate() ? 1 : -1);
        if (net == 0) {
            pending.delete(row);
        } else {
            pending.put(row, Row.of(net));
        }
        if (due.get(DUE) == null) {
            long time = context.currentProcessingTime() + delay;
            due.put(DUE, Row.of(time));
            context.registerProcessingTimer(time);
        }
    }

    @Override
    public void onProcessingTime(long now) {
        Row time = due.get(DUE);
        if (time != null && (Long) time.get(0) <= now) {
            realize();
        }
    }

    @Override
    public void processWatermark(long watermark) {
        if (watermark == Watermarks.END) {
            realize();
        }
        context.metrics().watermark(watermark);
        context.output().emitWatermark(watermark);
    }

    /** Realizes the net change since the last realization: retractions first, then inserts. */
    private void realize() {
        due.delete(DUE);
        List<Map.Entry<Row, Long>> changed = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = pending.all()) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> entry = it.next();
                changed.add(Map.entry(entry.getKey(), (Long) entry.getValue().get(0)));
            }
        }
        for (Map.Entry<Row, Long> entry : changed) {
            pending.delete(entry.getKey());
            for (long i = entry.getValue(); i < 0; i++) {
                emit(Change.delete(entry.getKey()));
            }
        }
        for (Map.Entry<Row, Long> entry : changed) {
            for (long i = 0; i < entry.getValue(); i++) {
                emit(Change.insert(entry.getKey()));
            }
        }
    }

    private void emit(Change change) {
        context.metrics().rowOut();
        context.output().emit(change);
    }
}
