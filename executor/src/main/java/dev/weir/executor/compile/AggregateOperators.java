package dev.weir.executor.compile;

import dev.weir.common.error.Errors;
import dev.weir.executor.operator.Operator;
import dev.weir.planner.exec.ExecNode;
import java.util.Optional;

/** Builds the aggregate operators of a plan. */
final class AggregateOperators {
    private AggregateOperators() {}

    static Operator window(ExecNode.WindowAggregate node) {
        throw Errors.notSupported(Optional.empty(), "window aggregates: integration pending");
    }

    static Operator group(ExecNode.GroupAggregate node) {
        throw Errors.notSupported(Optional.empty(), "group aggregates: integration pending");
    }

    static Operator emitDelay(ExecNode.EmitDelay node) {
        throw Errors.notSupported(Optional.empty(), "emit delay: integration pending");
    }
}
