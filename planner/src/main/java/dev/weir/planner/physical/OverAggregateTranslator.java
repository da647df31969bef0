package dev.weir.planner.physical;

import dev.weir.common.type.ValueType;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.OverAggregate;
import dev.weir.plan.OverFrame;
import dev.weir.planner.validate.OverQueries;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * OVER aggregates ordered by event time (a Window that is not a Top-N's ranking): each of the
 * Window's groups (one per distinct PARTITION BY, ORDER BY and frame) becomes an over_aggregate
 * node, chained, each appending its calls to the rows of the one before, so the last one's rows are
 * the Window's. Refuses, without a position (validation gives one where it can see the fault), an
 * ORDER BY that is not one event-time attribute ascending, a frame other than those of {@link
 * OverFrame}, functions other than COUNT, SUM, MIN, MAX and AVG, DISTINCT, and an input that is not
 * insert-only.
 */
final class OverAggregateTranslator implements RelTranslator<Window> {
    @Override
    public Class<Window> relClass() {
        return Window.class;
    }

    @Override
    public Translated translate(Window window, TranslationContext context) {
        Translated in = context.translate(window.getInput());
        if (in.mode() != ChangelogMode.INSERT_ONLY) {
            throw OverQueries.updatingInput(Optional.empty());
        }
        int inputCount = window.getInput().getRowType().getFieldCount();
        List<RelDataTypeField> outFields = window.getRowType().getFieldList();
        var timeAttributes = TimeAttributes.of(window.getInput());
        Translated current = in;
        int next = inputCount;
        for (Window.Group group : window.groups) {
            int timeField = orderField(group, timeAttributes);
            OverFrame frame = frameOf(group, window, inputCount);
            List<AggregateCallSpec> calls = new ArrayList<>();
            RelDataType inputType = window.getInput().getRowType();
            for (Window.RexWinAggCall call : group.aggCalls) {
                calls.add(callOf(call, inputType, window, inputCount));
            }
            List<FieldSpec> fields = new ArrayList<>(current.fields());
            for (int i = 0; i < calls.size(); i++) {
                RelDataTypeField f = outFields.get(next + i);
                fields.add(
                        new FieldSpec(
                                f.getName(), ValueTypes.of(f.getType()), f.getType().isNullable()));
            }
            next += calls.size();
            Translated input = current;
            int id =
                    context.add(
                            i ->
                                    new OverAggregate(
                                            i,
                                            input.id(),
                                            fields,
                                            group.keys.asList(),
                                            timeField,
                                            frame,
                                            calls));
            current = Translated.of(id, fields, ChangelogMode.INSERT_ONLY, List.of());
        }
        return current;
    }

    /** The one ORDER BY key: an event-time attribute of the input, ascending. */
    private static int orderField(Window.Group group, Set<Integer> timeAttributes) {
        List<RelFieldCollation> keys = group.orderKeys.getFieldCollations();
        if (keys.size() != 1
                || keys.get(0).direction != RelFieldCollation.Direction.ASCENDING
                || !timeAttributes.contains(keys.get(0).getFieldIndex())) {
            throw OverQueries.order(Optional.empty());
        }
        return keys.get(0).getFieldIndex();
    }

    private static OverFrame frameOf(Window.Group group, Window window, int inputCount) {
        RexWindowBound lower = group.lowerBound;
        if (!group.upperBound.isCurrentRow() || !lower.isPreceding() && !lower.isCurrentRow()) {
            throw OverQueries.frame(Optional.empty());
        }
        OverFrame.Unit unit = group.isRows ? OverFrame.Unit.ROWS : OverFrame.Unit.RANGE;
        if (lower.isUnbounded()) {
            return new OverFrame(unit, true, 0);
        }
        if (lower.isCurrentRow()) {
            return new OverFrame(unit, false, 0);
        }
        RexNode offset = lower.getOffset();
        if (offset instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
            offset = window.constants.get(ref.getIndex() - inputCount);
        }
        if (!(offset instanceof RexLiteral literal)) {
            throw OverQueries.frame(Optional.empty());
        }
        BigDecimal value = literal.getValueAs(BigDecimal.class);
        if (value == null || value.signum() < 0 || value.stripTrailingZeros().scale() > 0) {
            throw OverQueries.frame(Optional.empty());
        }
        if (group.isRows) {
            if (!SqlTypeName.INT_TYPES.contains(literal.getType().getSqlTypeName())) {
                throw OverQueries.frame(Optional.empty());
            }
            return OverFrame.rows(value.longValueExact());
        }
        // RANGE over a TIMESTAMP: a day-time interval, whose literal holds milliseconds. A
        // year-month one holds months, which have no fixed length.
        if (literal.getType().getSqlTypeName().getFamily() != SqlTypeFamily.INTERVAL_DAY_TIME) {
            throw OverQueries.frame(Optional.empty());
        }
        return OverFrame.range(value.longValueExact());
    }

    private static AggregateCallSpec callOf(
            Window.RexWinAggCall call, RelDataType inputType, Window window, int inputCount) {
        if (call.distinct) {
            throw OverQueries.distinct(Optional.empty());
        }
        SqlKind kind = call.getOperator().getKind();
        List<RexNode> operands = call.getOperands();
        AggregateKind aggregate =
                switch (kind) {
                    case COUNT ->
                            operands.isEmpty() ? AggregateKind.COUNT_STAR : AggregateKind.COUNT;
                    case SUM, SUM0 -> AggregateKind.SUM;
                    case MIN -> AggregateKind.MIN;
                    case MAX -> AggregateKind.MAX;
                    case AVG -> AggregateKind.AVG;
                    default ->
                            throw OverQueries.function(
                                    call.getOperator().getName(), Optional.empty());
                };
        if (operands.size() > 1) {
            throw OverQueries.function(call.getOperator().getName(), Optional.empty());
        }
        int argument = -1;
        ValueType argumentType = null;
        if (!operands.isEmpty()) {
            if (!(operands.get(0) instanceof RexInputRef ref) || ref.getIndex() >= inputCount) {
                if (aggregate == AggregateKind.COUNT
                        && isNonNullConstant(operands.get(0), window, inputCount)) {
                    aggregate = AggregateKind.COUNT_STAR;
                } else {
                    throw OverQueries.function(call.getOperator().getName(), Optional.empty());
                }
            } else {
                argument = ref.getIndex();
                argumentType = ValueTypes.of(inputType.getFieldList().get(argument).getType());
            }
        }
        RelDataType type = call.getType();
        return new AggregateCallSpec(
                aggregate,
                argument,
                false,
                -1,
                argumentType,
                ValueTypes.of(type),
                type.getSqlTypeName() == SqlTypeName.DECIMAL ? type.getScale() : -1);
    }

    /** COUNT(1) and the like: a constant that is not NULL counts every row. */
    private static boolean isNonNullConstant(RexNode operand, Window window, int inputCount) {
        if (operand instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
            operand = window.constants.get(ref.getIndex() - inputCount);
        }
        return operand instanceof RexLiteral literal && !literal.isNull();
    }
}
