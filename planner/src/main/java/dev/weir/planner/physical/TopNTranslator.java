package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.RankKind;
import dev.weir.plan.SortKeySpec;
import dev.weir.plan.WindowRank;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexUtil;

/**
 * Top-N, Flink's shape: a filter bounding a ranking function's number, over the ranking ({@code
 * SELECT * FROM (SELECT ..., ROW_NUMBER() OVER (PARTITION BY k ORDER BY x DESC) AS rownum FROM s)
 * WHERE rownum <= N}), which the rewrites make a calc over a Window. One rank node keeps the top
 * rows of each partition; the calc above it applies the filter's other conditions and the
 * projection. Deduplication is its case of {@code rownum = 1} ordered by a time column.
 *
 * <p>A ranking partitioned by window_start and window_end (of a windowing function's rows, a window
 * aggregate's, see {@link WindowBounds}) is a window Top-N, Flink's: one window rank node ranks
 * each window's rows and emits its top once, final, when the watermark passes the window's end.
 * Window deduplication is its case of {@code rownum = 1}.
 *
 * <p>The rank number is output only when the calc reads it: without it, a row entering the top
 * changes no other row, so fewer changes flow.
 */
final class TopNTranslator implements RelTranslator<Calc> {
    @Override
    public Class<Calc> relClass() {
        return Calc.class;
    }

    @Override
    public boolean accepts(Calc calc) {
        return calc.getInput() instanceof Window window
                && TopNShape.of(calc.getProgram(), window).isPresent();
    }

    @Override
    public Translated translate(Calc calc, TranslationContext context) {
        Window window = (Window) calc.getInput();
        TopNShape shape = TopNShape.of(calc.getProgram(), window).orElseThrow();
        Window.Group group = window.groups.get(0);
        Translated in = context.translate(window.getInput());
        int rankField = window.getInput().getRowType().getFieldCount();
        RexBuilder rex = context.rexBuilder();
        List<RexNode> projects =
                calc.getProgram().getProjectList().stream()
                        .map(calc.getProgram()::expandLocalRef)
                        .toList();
        RexNode condition = RexUtil.composeConjunction(rex, shape.otherConditions());
        boolean rankNumber = RelOptUtil.InputFinder.bits(projects, condition).get(rankField);
        RelDataType rankRowType = rankNumber ? window.getRowType() : window.getInput().getRowType();
        List<FieldSpec> fields = ValueTypes.fieldsOf(rankRowType);
        List<SortKeySpec> order = new ArrayList<>();
        for (RelFieldCollation c : group.orderKeys.getFieldCollations()) {
            order.add(
                    new SortKeySpec(
                            c.getFieldIndex(),
                            c.direction.isDescending(),
                            c.nullDirection == RelFieldCollation.NullDirection.FIRST));
        }
        List<Integer> partitionKeys = group.keys.asList();
        Optional<WindowBounds> bounds = WindowBounds.ofWindowTopN(window);
        if (bounds.isPresent() && context.emit().allowedLatenessMillis() > 0) {
            throw Errors.unsupportedStreamingQuery(
                    context.emit().position(),
                    "ALLOWED_LATENESS is not supported with a window Top-N: it emits each window's"
                            + " top rows once, final, when the watermark passes the window's end.");
        }
        int id =
                context.add(
                        i ->
                                bounds.isPresent()
                                        ? new WindowRank(
                                                i,
                                                in.id(),
                                                fields,
                                                shape.kind(),
                                                partitionKeys,
                                                bounds.get().start(),
                                                bounds.get().end(),
                                                order,
                                                shape.limit(),
                                                rankNumber,
                                                in.mode())
                                        : new ExecNode.Rank(
                                                i,
                                                in.id(),
                                                fields,
                                                shape.kind(),
                                                partitionKeys,
                                                order,
                                                shape.limit(),
                                                rankNumber,
                                                in.mode()));
        ChangelogMode mode = context.node(id).changelogMode();
        Translated ranked =
                Translated.of(id, fields, mode, keyOf(shape, partitionKeys, rankNumber, rankField));
        RexProgramBuilder builder = new RexProgramBuilder(rankRowType, rex);
        List<String> names = calc.getRowType().getFieldNames();
        for (int i = 0; i < projects.size(); i++) {
            builder.addProject(projects.get(i), names.get(i));
        }
        if (!shape.otherConditions().isEmpty()) {
            builder.addCondition(condition);
        }
        RexProgram program = builder.getProgram();
        Translated result = CalcTranslator.calc(ranked, program, context);
        // A window Top-N's rows are final once the watermark passes their window, as a window
        // aggregate's: they keep the window (for EMIT AFTER WATERMARK, a cascaded window).
        return new Translated(
                result.id(),
                result.fields(),
                mode,
                CalcTranslator.keyThroughCalc(ranked.key(), program),
                bounds.map(b -> CalcTranslator.fieldThroughCalc(b.start(), program)).orElse(-1),
                bounds.map(b -> CalcTranslator.fieldThroughCalc(b.end(), program)).orElse(-1),
                bounds.isPresent());
    }

    /**
     * What identifies a row of the top: the partition and the row number (ROW_NUMBER numbers each
     * row of a partition once), or the partition alone when it keeps one row; otherwise nothing
     * narrower than the row.
     */
    private static List<Integer> keyOf(
            TopNShape shape, List<Integer> partitionKeys, boolean rankNumber, int rankField) {
        if (shape.kind() != RankKind.ROW_NUMBER) {
            return List.of();
        }
        if (rankNumber) {
            List<Integer> key = new ArrayList<>(partitionKeys);
            key.add(rankField);
            return key;
        }
        return shape.limit() == 1 && !partitionKeys.isEmpty() ? partitionKeys : List.of();
    }
}
