package dev.weir.planner.physical;

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
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexWindowBound;
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
        // What the calls read: the input's fields, then the Window's constants (an argument such as
        // the 1 of SUM(1) refers to a constant by its index after the input's fields). The
        // constants also hold the frames' bounds; only a call that reads one widens the rows.
        RelDataType operands = withConstants(window, context);
        boolean widened = readsConstant(window, inputCount);
        Translated current =
                widened
                        ? project(
                                in, operands, constantsProgram(window, operands, context), context)
                        : in;
        Set<Integer> timeAttributes = TimeAttributes.of(window.getInput());
        List<RelDataTypeField> outFields = window.getRowType().getFieldList();
        int next = inputCount;
        for (Window.Group group : window.groups) {
            int timeField = orderField(group, timeAttributes);
            OverFrame frame = frameOf(group, window, inputCount);
            List<AggregateCallSpec> calls = new ArrayList<>();
            for (Window.RexWinAggCall call : group.aggCalls) {
                calls.add(callOf(call, operands));
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
        if (!widened) {
            return current;
        }
        // The constants' columns leave again: the Window's rows are its input's and its calls'.
        RelDataTypeFactory.Builder all = context.typeFactory().builder();
        all.addAll(operands.getFieldList());
        all.addAll(outFields.subList(inputCount, outFields.size()));
        RelDataType allType = all.uniquify().build();
        RexProgramBuilder drop = new RexProgramBuilder(allType, context.rexBuilder());
        int constants = window.constants.size();
        for (int i = 0; i < allType.getFieldCount(); i++) {
            if (i < inputCount || i >= inputCount + constants) {
                drop.addProject(
                        new RexInputRef(i, allType.getFieldList().get(i).getType()),
                        outFields.get(i < inputCount ? i : i - constants).getName());
            }
        }
        Translated result = CalcTranslator.calc(current, drop.getProgram(), context);
        return Translated.of(result.id(), result.fields(), ChangelogMode.INSERT_ONLY, List.of());
    }

    private static boolean readsConstant(Window window, int inputCount) {
        return window.groups.stream()
                .flatMap(group -> group.aggCalls.stream())
                .flatMap(call -> call.getOperands().stream())
                .anyMatch(o -> o instanceof RexInputRef ref && ref.getIndex() >= inputCount);
    }

    /** The input's row type, then one field per constant of the Window. */
    private static RelDataType withConstants(Window window, TranslationContext context) {
        RelDataTypeFactory.Builder b = context.typeFactory().builder();
        b.addAll(window.getInput().getRowType().getFieldList());
        for (int i = 0; i < window.constants.size(); i++) {
            b.add("$constant" + i, window.constants.get(i).getType());
        }
        return b.uniquify().build();
    }

    private static RexProgram constantsProgram(
            Window window, RelDataType operands, TranslationContext context) {
        RelDataType input = window.getInput().getRowType();
        RexProgramBuilder b = new RexProgramBuilder(input, context.rexBuilder());
        for (int i = 0; i < input.getFieldCount(); i++) {
            b.addProject(
                    new RexInputRef(i, input.getFieldList().get(i).getType()),
                    input.getFieldNames().get(i));
        }
        for (int i = 0; i < window.constants.size(); i++) {
            b.addProject(
                    window.constants.get(i),
                    operands.getFieldNames().get(input.getFieldCount() + i));
        }
        return b.getProgram();
    }

    private static Translated project(
            Translated in, RelDataType operands, RexProgram program, TranslationContext context) {
        Translated t = CalcTranslator.calc(in, program, context);
        return Translated.of(t.id(), t.fields(), in.mode(), List.of());
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

    private static AggregateCallSpec callOf(Window.RexWinAggCall call, RelDataType operands) {
        if (call.distinct) {
            throw OverQueries.distinct(Optional.empty());
        }
        List<RexNode> arguments = call.getOperands();
        AggregateKind aggregate =
                switch (call.getOperator().getKind()) {
                    case COUNT ->
                            arguments.isEmpty() ? AggregateKind.COUNT_STAR : AggregateKind.COUNT;
                    case SUM, SUM0 -> AggregateKind.SUM;
                    case MIN -> AggregateKind.MIN;
                    case MAX -> AggregateKind.MAX;
                    case AVG -> AggregateKind.AVG;
                    default ->
                            throw OverQueries.function(
                                    call.getOperator().getName(), Optional.empty());
                };
        if (arguments.size() > 1
                || !arguments.isEmpty() && !(arguments.get(0) instanceof RexInputRef)) {
            throw OverQueries.function(call.getOperator().getName(), Optional.empty());
        }
        int argument = arguments.isEmpty() ? -1 : ((RexInputRef) arguments.get(0)).getIndex();
        RelDataType type = call.getType();
        return new AggregateCallSpec(
                aggregate,
                argument,
                false,
                -1,
                argument < 0
                        ? null
                        : ValueTypes.of(operands.getFieldList().get(argument).getType()),
                ValueTypes.of(type),
                type.getSqlTypeName() == SqlTypeName.DECIMAL ? type.getScale() : -1);
    }
}
