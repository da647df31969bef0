package dev.weir.executor.operator.basic;

import dev.weir.common.function.Calc;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;

/**
 * Filter and projection through a compiled {@link Calc}. Stateless; the change's kind passes
 * through, so retractions are filtered and projected like inserts.
 */
public final class CalcOperator implements Operator {
    private final Calc calc;
    private final int outputArity;
    private OperatorContext context;

    public CalcOperator(Calc calc, int outputArity) {
        this.calc = calc;
        this.outputArity = outputArity;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void processChange(int input, Change change) {
        Object[] out = new Object[outputArity];
        if (calc.apply(change.row().toArray(), out)) {
            context.output().emit(new Change(change.kind(), Row.wrap(out)));
        }
    }

    @Override
    public void processWatermark(long watermark) {
        context.metrics().watermark(watermark);
        context.output().emitWatermark(watermark);
    }
}
