package dev.weir.executor.operator.window;

import dev.weir.executor.operator.KeyedOperator;
import dev.weir.plan.AggregateCallSpec;
import java.util.List;

/** Picks the operator for an aligned window aggregate. */
public final class WindowAggregates {
    private WindowAggregates() {}

    /**
     * The sliced operator where it gives the same results: final results only, no allowed lateness
     * (a late row updating a fired window's result needs that result before and after), and no
     * DISTINCT call (its value counts are per window, and slices' would not merge). Otherwise the
     * operator keeping one accumulator per window.
     */
    public static KeyedOperator of(
            List<Integer> keys,
            int timeField,
            WindowAssigner assigner,
            List<AggregateCallSpec> calls,
            boolean afterWatermark,
            long allowedLateness) {
        if (afterWatermark
                && allowedLateness == 0
                && assigner instanceof SliceAssigner slicer
                && calls.stream().noneMatch(AggregateCallSpec::distinct)) {
            return new SlicedWindowAggregateOperator(keys, timeField, slicer, calls);
        }
        return new WindowAggregateOperator(
                keys, timeField, assigner, calls, afterWatermark, allowedLateness);
    }
}
