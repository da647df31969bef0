package dev.weir.executor.runtime;

import dev.weir.common.row.Change;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;

/** Passes changes and watermarks on unchanged: the root of a plan that only reads a source. */
final class ForwardOperator implements Operator {
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
        context.output().emitWatermark(watermark);
    }
}
