package dev.weir.executor.compile;

import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.aggregate.GroupAggregateOperator;
import dev.weir.executor.operator.basic.EmitDelayOperator;
import dev.weir.executor.operator.basic.KeylessEmitDelayOperator;
import dev.weir.executor.operator.window.SessionWindowAggregateOperator;
import dev.weir.executor.operator.window.WindowAggregateOperator;
import dev.weir.executor.operator.window.WindowAggregates;
import dev.weir.executor.operator.window.WindowAssigners;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.WindowSpec;

/** Builds the aggregate and emit operators of a plan. */
final class AggregateOperators {
    private AggregateOperators() {}

    static Operator window(ExecNode.WindowAggregate node) {
        if (node.window().kind() == WindowSpec.Kind.SESSION) {
            return new SessionWindowAggregateOperator(
                    node.keys(),
                    node.timeField(),
                    node.window().size(),
                    node.calls(),
                    node.afterWatermark(),
                    node.allowedLateness());
        }
        if (node.window().kind() == WindowSpec.Kind.ATTACHED) {
            return WindowAggregateOperator.attached(
                    node.keys(),
                    node.timeField(),
                    node.calls(),
                    node.afterWatermark(),
                    node.allowedLateness());
        }
        return WindowAggregates.of(
                node.keys(),
                node.timeField(),
                WindowAssigners.of(node.window()),
                node.calls(),
                node.afterWatermark(),
                node.allowedLateness());
    }

    /**
     * @param inputMode the changelog of the node's input: over an insert-only input MIN and MAX
     *     keep only the current extreme, not a count of every value seen (which nothing would
     *     delete)
     */
    static Operator group(ExecNode.GroupAggregate node, ChangelogMode inputMode) {
        return new GroupAggregateOperator(
                node.keys(), node.groupingSets(), node.calls(), inputMode == ChangelogMode.RETRACT);
    }

    static Operator emitDelay(ExecNode.EmitDelay node) {
        if (node.keys().isEmpty()) {
            // A result without a key is a multiset: its rows are counted, not keyed by value.
            if (node.windowEndField() >= 0) {
                throw new IllegalArgumentException(
                        "EMIT AFTER WATERMARK AND AFTER DELAY needs a keyed result");
            }
            return new KeylessEmitDelayOperator(node.delay());
        }
        return new EmitDelayOperator(
                node.keys(), node.delay(), node.windowEndField(), node.allowedLateness());
    }
}
