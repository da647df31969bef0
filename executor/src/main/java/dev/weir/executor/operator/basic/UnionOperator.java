package dev.weir.executor.operator.basic;

import dev.weir.common.row.Change;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;

/** UNION ALL: every input's changes, as they come. The runtime combines the watermarks. */
public final class UnionOperator implements Operator {
    private OperatorContext context;

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void processChange(int input, Change change) {
        context.output().emit(change);
    }

    @Override
    public void processWatermark(long watermark) {
        context.metrics().watermark(watermark);
        context.output().emitWatermark(watermark);
    }
}
