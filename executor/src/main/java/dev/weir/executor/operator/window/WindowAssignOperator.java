package dev.weir.executor.operator.window;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;

/**
 * A windowing function without aggregation: each row, once per window it falls in, with
 * window_start and window_end appended. Stateless; rows with a NULL time are dropped and counted.
 */
public final class WindowAssignOperator implements Operator {
    private final int timeField;
    private final WindowAssigner assigner;
    private OperatorContext context;

    public WindowAssignOperator(int timeField, WindowAssigner assigner) {
        this.timeField = timeField;
        this.assigner = assigner;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void processChange(int input, Change change) {
        Row row = change.row();
        Object time = row.get(timeField);
        if (time == null) {
            context.metrics().nullTimeRowDropped();
            return;
        }
        assigner.assign(
                (Long) time,
                (start, end) -> {
                    context.output().emit(new Change(change.kind(), row.append(start, end)));
                });
    }

    @Override
    public void processWatermark(long watermark) {
        context.metrics().watermark(watermark);
        context.output().emitWatermark(watermark);
    }
}
