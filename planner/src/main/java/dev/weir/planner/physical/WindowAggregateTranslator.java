package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.common.type.ValueType;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.WindowSpec;
import dev.weir.planner.validate.UnsupportedQueries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * An aggregate over a windowing function that groups by window_start and window_end: one window
 * aggregate, which assigns rows to windows itself and completes each window by the watermark.
 *
 * <p>It is three nodes: a pre-window calc (the time column first, then the session keys, then every
 * other expression the aggregate reads, computed on the windowing function's input), the window
 * aggregate (output: group keys, window_start, window_end, calls), and a calc back to the
 * aggregate's field order, into which the calc above the aggregate, if any, is fused.
 */
final class WindowAggregateTranslator implements RelTranslator<RelNode> {
    /**
     * Marks an aggregate input that is window_start (in {@link PreWindow#fieldOfAggregateInput}):
     * the window aggregate makes the window bounds, so no pre-window field holds them.
     */
    private static final int WINDOW_START = -1;

    /** Marks an aggregate input that is window_end, as {@link #WINDOW_START} does window_start. */
    private static final int WINDOW_END = -2;

    /**
     * The operators a window aggregate takes: a calc above the aggregate (fused into its output),
     * the aggregate, a calc between it and the windowing function (its projections become the
     * pre-window calc's expressions, see {@link #preWindow}), the windowing function.
     */
    private record Shape(
            Optional<RexProgram> outer,
            Aggregate aggregate,
            Optional<RexProgram> between,
            TableFunctionScan window) {}

    /**
     * The pre-window calc's expressions, and where each aggregate input field is among them (or
     * {@link #WINDOW_START}, {@link #WINDOW_END}); the WHERE between the windowing function and the
     * aggregate, split in two (see {@link WindowWhere}).
     */
    private record PreWindow(List<RexNode> exprs, int[] fieldOfAggregateInput, WindowWhere where) {}

    @Override
    public Class<RelNode> relClass() {
        return RelNode.class;
    }

    @Override
    public boolean accepts(RelNode rel) {
        return shapeOf(rel).isPresent();
    }

    private static Optional<Shape> shapeOf(RelNode rel) {
        Optional<RexProgram> outer = Optional.empty();
        if (rel instanceof Calc calc && calc.getInput() instanceof Aggregate) {
            outer = Optional.of(calc.getProgram());
            rel = calc.getInput();
        }
        if (!(rel instanceof Aggregate aggregate)) {
            return Optional.empty();
        }
        Optional<RexProgram> between =
                aggregate.getInput() instanceof Calc calc
                        ? Optional.of(calc.getProgram())
                        : Optional.empty();
        Optional<RexProgram> above = outer;
        return WindowCall.windowInput(aggregate)
                .map(window -> new Shape(above, aggregate, between, window));
    }

    @Override
    public Translated translate(RelNode rel, TranslationContext context) {
        Shape shape = shapeOf(rel).orElseThrow();
        Aggregate aggregate = shape.aggregate();
        if (LiteralAggregates.present(aggregate)) {
            // The window aggregate counts in LITERAL_AGG's place; the calc above projects it.
            LiteralAggregates literals =
                    LiteralAggregates.of(
                            aggregate, LiteralAggregates.countType(context), context.rexBuilder());
            RexProgram above =
                    shape.outer()
                            .map(
                                    outer ->
                                            RexProgramBuilder.mergePrograms(
                                                    outer,
                                                    literals.program(),
                                                    context.rexBuilder()))
                            .orElse(literals.program());
            return context.translate(LogicalCalc.create(literals.counted(), above));
        }
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return context.translate(
                    WindowGroupingSets.expand(aggregate, shape.outer(), context.rexBuilder()));
        }
        RelNode tvfInput = shape.window().getInput(0);
        WindowCall window = WindowCall.of((RexCall) shape.window().getCall());
        PreWindow pre = preWindow(shape, window, context.rexBuilder());

        Translated appendOnly = WindowCall.requireAppendOnly(context.translate(tvfInput));
        window.requireTimeAttribute(shape.window());
        Translated in = window.watermarked(shape.window(), appendOnly, context);
        RexProgram preProgram =
                projectProgram(
                        tvfInput.getRowType(),
                        pre.exprs(),
                        pre.where().onRows(),
                        context.rexBuilder());
        Translated preCalc = CalcTranslator.calc(in, preProgram, context);

        List<Integer> groupOrder = aggregate.getGroupSet().asList();
        List<Integer> keys = new ArrayList<>();
        for (int g : groupOrder) {
            if (pre.fieldOfAggregateInput()[g] >= 0) {
                keys.add(pre.fieldOfAggregateInput()[g]);
            }
        }
        List<AggregateCallSpec> calls =
                AggregateCalls.of(aggregate, i -> pre.fieldOfAggregateInput()[i]);
        List<FieldSpec> aggFields = outputFields(preCalc, keys, calls, aggregate);
        FieldSpec time = preCalc.fields().get(0);
        EmitSpec emit = context.emit();
        boolean afterWatermark = emit.windowsFinalOnly();
        WindowSpec spec = windowSpec(window, keys);
        int id =
                context.add(
                        i ->
                                new ExecNode.WindowAggregate(
                                        i,
                                        preCalc.id(),
                                        aggFields,
                                        spec,
                                        0,
                                        keys,
                                        calls,
                                        afterWatermark,
                                        emit.allowedLatenessMillis()));
        if (time.type() != ValueType.TIMESTAMP) {
            throw Errors.invalidWatermark(
                    Optional.empty(), "The windowing function's time column must be a TIMESTAMP.");
        }
        ChangelogMode mode = context.node(id).changelogMode();
        Translated windowed = Translated.of(id, aggFields, mode, List.of());
        RexProgram postProgram = postProgram(shape, pre, keys, aggFields, context);
        Translated result = CalcTranslator.calc(windowed, postProgram, context);
        List<Integer> key = new ArrayList<>();
        for (int i = 0; i < groupOrder.size(); i++) {
            key.add(i);
        }
        return new Translated(
                result.id(),
                result.fields(),
                mode,
                shape.outer().map(outer -> CalcTranslator.keyThroughCalc(key, outer)).orElse(key),
                CalcTranslator.fieldThroughCalc(keys.size(), postProgram),
                CalcTranslator.fieldThroughCalc(keys.size() + 1, postProgram),
                true);
    }

    /**
     * The pre-window calc: the time column first, then the session keys, then every other
     * expression the aggregate reads (once each). The aggregate must group by both window bounds,
     * and read them only as they are.
     */
    private static PreWindow preWindow(Shape shape, WindowCall window, RexBuilder rexBuilder) {
        Aggregate aggregate = shape.aggregate();
        RelNode tvfInput = shape.window().getInput(0);
        int windowStart = tvfInput.getRowType().getFieldCount();
        int windowEnd = windowStart + 1;
        int aggInputCount = aggregate.getInput().getRowType().getFieldCount();
        List<RexNode> aggInputs = new ArrayList<>();
        for (int i = 0; i < aggInputCount; i++) {
            aggInputs.add(
                    shape.between().isEmpty()
                            ? rexBuilder.makeInputRef(shape.window(), i)
                            : shape.between()
                                    .get()
                                    .expandLocalRef(shape.between().get().getProjectList().get(i)));
        }
        WindowWhere where =
                WindowWhere.of(
                        shape.between()
                                .filter(b -> b.getCondition() != null)
                                .map(b -> b.expandLocalRef(b.getCondition())),
                        windowStart,
                        window.spec().kind() == WindowSpec.Kind.SESSION,
                        rexBuilder);
        List<RexNode> preExprs = new ArrayList<>();
        preExprs.add(rexBuilder.makeInputRef(tvfInput, window.timeField()));
        for (int sessionKey : window.spec().sessionKeys()) {
            preExprs.add(rexBuilder.makeInputRef(tvfInput, sessionKey));
        }
        int[] fieldOfAggregateInput = new int[aggInputCount];
        boolean hasStart = false;
        boolean hasEnd = false;
        ImmutableBitSet groupSet = aggregate.getGroupSet();
        for (int i = 0; i < aggInputCount; i++) {
            RexNode e = aggInputs.get(i);
            if (e instanceof RexInputRef ref && ref.getIndex() == windowStart) {
                fieldOfAggregateInput[i] = WINDOW_START;
                hasStart |= groupSet.get(i);
            } else if (e instanceof RexInputRef ref && ref.getIndex() == windowEnd) {
                fieldOfAggregateInput[i] = WINDOW_END;
                hasEnd |= groupSet.get(i);
            } else {
                if (RexUtil.containsInputRef(e) && references(e, windowStart, windowEnd)) {
                    throw Errors.unsupportedStreamingQuery(
                            Optional.empty(),
                            "Expressions over window_start or window_end are not supported in a"
                                    + " windowed aggregate's input yet; group by them directly.");
                }
                int existing = preExprs.indexOf(e);
                if (existing < 0) {
                    preExprs.add(e);
                    existing = preExprs.size() - 1;
                }
                fieldOfAggregateInput[i] = existing;
            }
        }
        if (!hasStart || !hasEnd) {
            throw UnsupportedQueries.windowBoundsNotGrouped(Optional.empty());
        }
        // The window aggregate makes the bounds itself: no pre-window field holds them for an
        // aggregate call to read (MIN(window_start) read field -1: an internal error).
        for (AggregateCall call : aggregate.getAggCallList()) {
            for (int argument : call.getArgList()) {
                if (fieldOfAggregateInput[argument] < 0) {
                    throw UnsupportedQueries.aggregateOfWindowBounds(Optional.empty());
                }
            }
        }
        return new PreWindow(preExprs, fieldOfAggregateInput, where);
    }

    /** The window aggregate's output: keys, window_start, window_end, calls. */
    private static List<FieldSpec> outputFields(
            Translated preCalc,
            List<Integer> keys,
            List<AggregateCallSpec> calls,
            Aggregate aggregate) {
        List<FieldSpec> fields = new ArrayList<>();
        for (int k : keys) {
            fields.add(preCalc.fields().get(k));
        }
        fields.add(new FieldSpec("window_start", ValueType.TIMESTAMP, false));
        fields.add(new FieldSpec("window_end", ValueType.TIMESTAMP, false));
        int groups = aggregate.getGroupSet().cardinality();
        for (int c = 0; c < calls.size(); c++) {
            RelDataType type = aggregate.getRowType().getFieldList().get(groups + c).getType();
            fields.add(
                    new FieldSpec(
                            aggregate.getRowType().getFieldNames().get(groups + c),
                            ValueTypes.of(type),
                            type.isNullable()));
        }
        return fields;
    }

    /**
     * The windows, with a SESSION's keys as the pre-window calc's fields (right after the time).
     * The aggregate must group by exactly them: a session is one key's.
     */
    private static WindowSpec windowSpec(WindowCall window, List<Integer> keys) {
        List<Integer> sessionKeys = new ArrayList<>();
        for (int k = 0; k < window.spec().sessionKeys().size(); k++) {
            sessionKeys.add(1 + k);
        }
        if (window.spec().kind() == WindowSpec.Kind.SESSION
                && !new HashSet<>(keys).equals(new HashSet<>(sessionKeys))) {
            throw UnsupportedQueries.sessionKeysNotGrouped(Optional.empty());
        }
        return new WindowSpec(
                window.spec().kind(),
                window.spec().size(),
                window.spec().slide(),
                window.spec().offset(),
                sessionKeys);
    }

    /**
     * The calc after the window aggregate: back to the aggregate's field order (group keys by input
     * position, then calls), with the calc above the aggregate, if any, merged in.
     */
    private static RexProgram postProgram(
            Shape shape,
            PreWindow pre,
            List<Integer> keys,
            List<FieldSpec> aggFields,
            TranslationContext context) {
        Aggregate aggregate = shape.aggregate();
        RexBuilder rexBuilder = context.rexBuilder();
        RelDataType aggOutType = rowType(aggFields, aggregate, pre, context);
        List<RexNode> post = new ArrayList<>();
        int keyPosition = 0;
        for (int g : aggregate.getGroupSet().asList()) {
            int p = pre.fieldOfAggregateInput()[g];
            int field =
                    p == WINDOW_START
                            ? keys.size()
                            : p == WINDOW_END ? keys.size() + 1 : keyPosition++;
            post.add(
                    rexBuilder.makeInputRef(aggOutType.getFieldList().get(field).getType(), field));
        }
        for (int c = 0; c < aggregate.getAggCallList().size(); c++) {
            int field = keys.size() + 2 + c;
            post.add(
                    rexBuilder.makeInputRef(aggOutType.getFieldList().get(field).getType(), field));
        }
        // The WHERE's conditions on the window bounds alone select whole windows: they filter the
        // windows' results, whose bounds are right after the keys.
        Optional<RexNode> onBounds =
                pre.where()
                        .onBounds(
                                aggOutType.getFieldList().get(keys.size()).getType(),
                                keys.size(),
                                rexBuilder);
        RexProgram program =
                RexProgram.create(
                        aggOutType,
                        post,
                        onBounds.orElse(null),
                        aggregate.getRowType(),
                        rexBuilder);
        return shape.outer()
                .map(outer -> RexProgramBuilder.mergePrograms(outer, program, rexBuilder))
                .orElse(program);
    }

    /**
     * The SQL row type of the window aggregate's output: keys keep their SQL types (from the
     * aggregate's output), window bounds are TIMESTAMP(3), calls as the aggregate types them.
     */
    private static RelDataType rowType(
            List<FieldSpec> fields,
            Aggregate aggregate,
            PreWindow pre,
            TranslationContext context) {
        RelDataType aggType = aggregate.getRowType();
        RelDataTypeFactoryBuilderHelper helper =
                new RelDataTypeFactoryBuilderHelper(context.typeFactory());
        int keys = fields.size() - 2 - aggregate.getAggCallList().size();
        List<Integer> groupOrder = aggregate.getGroupSet().asList();
        int keyIndex = 0;
        List<RelDataType> keyTypes = new ArrayList<>();
        for (int i = 0; i < groupOrder.size(); i++) {
            // The window bounds are known by where they come from, not by their names: a bound
            // may be renamed, and a key may be called window_start.
            int from = pre.fieldOfAggregateInput()[groupOrder.get(i)];
            if (from != WINDOW_START && from != WINDOW_END) {
                keyTypes.add(aggType.getFieldList().get(i).getType());
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            RelDataType type;
            if (i < keys) {
                type = keyIndex < keyTypes.size() ? keyTypes.get(keyIndex++) : helper.timestamp();
            } else if (i < keys + 2) {
                type = helper.timestamp();
            } else {
                type = aggType.getFieldList().get(groupOrder.size() + (i - keys - 2)).getType();
            }
            helper.add(fields.get(i).name() + "_" + i, type);
        }
        return helper.build();
    }

    private static boolean references(RexNode e, int a, int b) {
        final boolean[] found = {false};
        e.accept(
                new RexVisitorImpl<Void>(true) {
                    @Override
                    public Void visitInputRef(RexInputRef ref) {
                        if (ref.getIndex() == a || ref.getIndex() == b) {
                            found[0] = true;
                        }
                        return null;
                    }
                });
        return found[0];
    }

    private static RexProgram projectProgram(
            RelDataType inputType,
            List<RexNode> exprs,
            Optional<RexNode> condition,
            RexBuilder rexBuilder) {
        RexProgramBuilder builder = new RexProgramBuilder(inputType, rexBuilder);
        for (int i = 0; i < exprs.size(); i++) {
            builder.addProject(exprs.get(i), "f" + i);
        }
        condition.ifPresent(builder::addCondition);
        return builder.getProgram();
    }
}
