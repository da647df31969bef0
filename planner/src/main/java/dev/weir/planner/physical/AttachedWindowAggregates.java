package dev.weir.planner.physical;

import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;

/**
 * A GROUP BY of the window bounds its input's rows carry (a window aggregate's, a windowing
 * function's rows, a window join's or window Top-N's: Nexmark q5's maximum count per window) as a
 * window aggregate over attached windows, Flink's window-attached windowing: no assignment, each
 * row's window is its own window_start and window_end, and the watermark completes it as it does
 * the input's. So each window's groups come out once, final, insert-only, under EMIT AFTER
 * WATERMARK, state is dropped per window, late rows are dropped and counted, and the result keeps
 * its window bounds (for EMIT AFTER WATERMARK, window joins, window Top-N and further cascades).
 *
 * <p>It takes insert-only inputs only: a retracting one (a window aggregate's every-change results)
 * stays with the regular aggregate, which updates as its input does.
 */
final class AttachedWindowAggregates {
    private AttachedWindowAggregates() {}

    /**
     * Whether {@code aggregate} over {@code in} is one: grouped (without GROUPING SETS) by both
     * window bounds of an insert-only input whose windows the watermark completes.
     */
    static boolean applies(Aggregate aggregate, Translated in) {
        return aggregate.getGroupType() == Aggregate.Group.SIMPLE
                && in.mode() == ChangelogMode.INSERT_ONLY
                && in.windowStart() >= 0
                && in.windowEnd() >= 0
                && aggregate.getGroupSet().get(in.windowStart())
                && aggregate.getGroupSet().get(in.windowEnd());
    }

    /**
     * The window aggregate (the input's bounds moved next to each other first, when they are not)
     * and a calc back to the aggregate's field order: group fields as they come, then the calls.
     */
    static Translated translate(Aggregate aggregate, Translated in, TranslationContext context) {
        RexBuilder rex = context.rexBuilder();
        RelDataType inType = aggregate.getInput().getRowType();
        Translated input = in;
        int start = in.windowStart();
        if (in.windowEnd() != start + 1) {
            // The operator reads window_end right after window_start: append both.
            RexProgramBuilder adjacent = new RexProgramBuilder(inType, rex);
            for (RelDataTypeField field : inType.getFieldList()) {
                adjacent.addProject(rex.makeInputRef(inType, field.getIndex()), field.getName());
            }
            adjacent.addProject(rex.makeInputRef(inType, in.windowStart()), "window_start");
            adjacent.addProject(rex.makeInputRef(inType, in.windowEnd()), "window_end");
            input = CalcTranslator.calc(in, adjacent.getProgram(), context);
            start = inType.getFieldCount();
        }
        List<Integer> groups = aggregate.getGroupSet().asList();
        List<Integer> keys = new ArrayList<>();
        for (int g : groups) {
            if (g != in.windowStart() && g != in.windowEnd()) {
                keys.add(g);
            }
        }
        List<AggregateCallSpec> calls = AggregateCalls.of(aggregate, i -> i);
        List<FieldSpec> aggregateFields = ValueTypes.fieldsOf(aggregate.getRowType());
        // The window aggregate's output: keys, window_start, window_end, calls; each field as the
        // aggregate types it (the group fields by their place among the groups).
        List<Integer> order = new ArrayList<>();
        for (int k : keys) {
            order.add(groups.indexOf(k));
        }
        order.add(groups.indexOf(in.windowStart()));
        order.add(groups.indexOf(in.windowEnd()));
        for (int c = 0; c < calls.size(); c++) {
            order.add(groups.size() + c);
        }
        List<FieldSpec> fields = new ArrayList<>();
        RelDataTypeFactoryBuilderHelper type =
                new RelDataTypeFactoryBuilderHelper(context.typeFactory());
        for (int i = 0; i < order.size(); i++) {
            fields.add(aggregateFields.get(order.get(i)));
            type.add("f" + i, aggregate.getRowType().getFieldList().get(order.get(i)).getType());
        }
        EmitSpec emit = context.emit();
        boolean afterWatermark = emit.windowsFinalOnly();
        int windowStart = start;
        int inputId = input.id();
        int id =
                context.add(
                        i ->
                                new ExecNode.WindowAggregate(
                                        i,
                                        inputId,
                                        fields,
                                        WindowSpec.attached(),
                                        windowStart,
                                        keys,
                                        calls,
                                        afterWatermark,
                                        emit.allowedLatenessMillis()));
        ChangelogMode mode = context.node(id).changelogMode();
        RelDataType windowedType = type.build();
        List<RexNode> back = new ArrayList<>();
        for (int i = 0; i < aggregateFields.size(); i++) {
            int field = order.indexOf(i);
            back.add(rex.makeInputRef(windowedType.getFieldList().get(field).getType(), field));
        }
        RexProgram program =
                RexProgram.create(windowedType, back, null, aggregate.getRowType(), rex);
        Translated windowed = Translated.of(id, fields, mode, List.of());
        Translated result = CalcTranslator.calc(windowed, program, context);
        List<Integer> key = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            key.add(i);
        }
        return new Translated(
                result.id(),
                result.fields(),
                mode,
                key,
                groups.indexOf(in.windowStart()),
                groups.indexOf(in.windowEnd()),
                true);
    }
}
