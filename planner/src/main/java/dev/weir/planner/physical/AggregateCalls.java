package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.common.type.ValueType;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import dev.weir.planner.validate.UnsupportedQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/** The aggregate functions of an Aggregate, as the plan's group and window aggregates take them. */
final class AggregateCalls {
    private AggregateCalls() {}

    /**
     * The calls of {@code aggregate}, refusing the functions the operators do not compute.
     *
     * @param inputField where the aggregate's input field {@code i} is in the operator's input (the
     *     window aggregate reorders its input)
     */
    static List<AggregateCallSpec> of(Aggregate aggregate, IntUnaryOperator inputField) {
        List<AggregateCallSpec> calls = new ArrayList<>();
        RelDataType inputType = aggregate.getInput().getRowType();
        for (AggregateCall call : aggregate.getAggCallList()) {
            AggregateKind kind = kindOf(call);
            if (call.getArgList().size() > 1) {
                throw Errors.unsupportedStreamingQuery(
                        Optional.empty(),
                        "Aggregates over several arguments are not supported yet.");
            }
            int argument = call.getArgList().isEmpty() ? -1 : call.getArgList().get(0);
            ValueType argumentType =
                    argument < 0
                            ? null
                            : ValueTypes.of(inputType.getFieldList().get(argument).getType());
            calls.add(
                    new AggregateCallSpec(
                            kind,
                            argument < 0 ? -1 : inputField.applyAsInt(argument),
                            call.isDistinct(),
                            call.filterArg < 0 ? -1 : inputField.applyAsInt(call.filterArg),
                            argumentType,
                            ValueTypes.of(call.getType()),
                            call.getType().getSqlTypeName() == SqlTypeName.DECIMAL
                                    ? call.getType().getScale()
                                    : -1));
        }
        return calls;
    }

    private static AggregateKind kindOf(AggregateCall call) {
        return switch (call.getAggregation().getKind()) {
            case COUNT ->
                    call.getArgList().isEmpty() ? AggregateKind.COUNT_STAR : AggregateKind.COUNT;
            case SUM, SUM0 -> AggregateKind.SUM;
            case MIN -> AggregateKind.MIN;
            case MAX -> AggregateKind.MAX;
            case AVG -> AggregateKind.AVG;
            default ->
                    throw UnsupportedQueries.aggregateFunction(
                            call.getAggregation().getName(), Optional.empty());
        };
    }
}
