package dev.weir.planner.physical;

import dev.weir.plan.ChangelogMode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.JoinKind;
import dev.weir.plan.TemporalJoinNode;
import dev.weir.planner.validate.UnsupportedQueries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * An event-time temporal join ({@link TemporalJoinNode}): a join whose right input is a snapshot
 * {@code FOR SYSTEM_TIME AS OF} a left field (as {@link dev.weir.planner.rules.TemporalJoins}
 * leaves it). The left field must be an event-time attribute of the left input, the snapshot's
 * input an append-only relation with one (a stream with a WATERMARK, or filters and projections of
 * one), and the ON must hold a key equality. What the text showed, validation refused with a
 * position; this refuses the rest (a view's query, a subquery's columns) with the same messages.
 */
final class TemporalJoinTranslator implements RelTranslator<Join> {
    @Override
    public Class<Join> relClass() {
        return Join.class;
    }

    @Override
    public boolean accepts(Join join) {
        return join.getRight() instanceof Snapshot;
    }

    @Override
    public Translated translate(Join join, TranslationContext context) {
        Snapshot snapshot = (Snapshot) join.getRight();
        JoinKind kind = JoinTranslator.kindOf(join);
        if (kind != JoinKind.INNER && kind != JoinKind.LEFT) {
            throw UnsupportedQueries.temporalJoinPlacement(Optional.empty());
        }
        Set<Integer> leftTimes = TimeAttributes.of(join.getLeft());
        if (!(snapshot.getPeriod() instanceof RexInputRef period)
                || !leftTimes.contains(period.getIndex())) {
            throw UnsupportedQueries.temporalJoinPeriod(Optional.empty());
        }
        if (VersionedView.isRanking(snapshot.getInput())) {
            VersionedView view = VersionedView.of(snapshot.getInput(), context.rexBuilder());
            return versionedView(join, snapshot, kind, period.getIndex(), view, context);
        }
        if (!(snapshot.getInput() instanceof TableScan)) {
            // A view (validation let it through for this translator to look at its query).
            throw UnsupportedQueries.versionedViewNotDeduplication(Optional.empty());
        }
        Set<Integer> rightTimes = TimeAttributes.of(snapshot.getInput());
        if (rightTimes.isEmpty()) {
            throw UnsupportedQueries.temporalJoinNotVersioned(
                    "the versioned side",
                    "a relation without an event-time attribute",
                    Optional.empty());
        }
        Translated left = context.translate(join.getLeft());
        Translated right = context.translate(snapshot.getInput());
        if (left.mode() != ChangelogMode.INSERT_ONLY || right.mode() != ChangelogMode.INSERT_ONLY) {
            throw UnsupportedQueries.temporalJoinInputRetracts(Optional.empty());
        }
        JoinInfo info = JoinInfo.of(join.getLeft(), snapshot, join.getCondition());
        List<RexNode> rest = new ArrayList<>(info.nonEquiConditions);
        JoinTranslator.Keys keys = JoinTranslator.splitKeys(join, info, rest, context.rexBuilder());
        if (keys.left().isEmpty()) {
            throw UnsupportedQueries.temporalJoinWithoutKey(Optional.empty());
        }
        JoinTranslator.Condition condition = JoinTranslator.condition(join, rest, context);
        List<FieldSpec> fields = ValueTypes.fieldsOf(join.getRowType());
        int rightTime = rightTimes.stream().min(Integer::compare).orElseThrow();
        int id =
                context.add(
                        i ->
                                new TemporalJoinNode(
                                        i,
                                        left.id(),
                                        right.id(),
                                        fields,
                                        kind,
                                        keys.left(),
                                        keys.right(),
                                        keys.nullSafe(),
                                        period.getIndex(),
                                        rightTime,
                                        condition.code(),
                                        condition.text(),
                                        false));
        // Each left row comes out once, final, when the watermark reaches its time.
        return new Translated(id, fields, ChangelogMode.INSERT_ONLY, List.of(), -1, -1, true);
    }

    /**
     * The temporal join over a versioned view ({@link VersionedView}): over the deduplication's
     * input, whose rows the view's columns are computed on (then the input fields the join needs
     * that the view does not select: its key, its time, what its WHERE reads), versioned by the
     * partition key at the ordering time, one row per key and time for ROW_NUMBER. The view's WHERE
     * and the ON's other equalities join the rest of the condition, checked on the version chosen.
     * A calc above drops the added fields.
     */
    private static Translated versionedView(
            Join join,
            Snapshot snapshot,
            JoinKind kind,
            int leftTime,
            VersionedView view,
            TranslationContext context) {
        if (view.partitionKeys().isEmpty()) {
            throw UnsupportedQueries.versionedViewKeyNotCovered(List.of(), Optional.empty());
        }
        RexBuilder rex = context.rexBuilder();
        RelNode input = view.input();
        int leftCount = join.getLeft().getRowType().getFieldCount();
        int viewCount = view.projects().size();
        List<RexNode> projects = new ArrayList<>(view.projects());
        IntUnaryOperator at =
                field -> {
                    for (int i = 0; i < projects.size(); i++) {
                        if (projects.get(i) instanceof RexInputRef ref && ref.getIndex() == field) {
                            return i;
                        }
                    }
                    projects.add(rex.makeInputRef(input, field));
                    return projects.size() - 1;
                };
        List<RexNode> remaining = new ArrayList<>();
        JoinInfo info = JoinInfo.of(join.getLeft(), snapshot, join.getCondition());
        List<Integer> leftKeys = new ArrayList<>();
        List<Integer> rightKeys = new ArrayList<>();
        List<Boolean> nullSafe = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        List<RelDataTypeField> leftFields = join.getLeft().getRowType().getFieldList();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            int l = info.leftKeys.get(i);
            int r = info.rightKeys.get(i);
            boolean excludesNull = info.nullExclusionFlags.get(i);
            RexNode column = view.projects().get(r);
            if (column instanceof RexInputRef ref
                    && view.partitionKeys().contains(ref.getIndex())
                    && !covered.contains(ref.getIndex())
                    && JoinTranslator.sameKeyEncoding(
                            leftFields.get(l).getType(), column.getType())) {
                covered.add(ref.getIndex());
                leftKeys.add(l);
                rightKeys.add(r);
                nullSafe.add(!excludesNull);
            } else {
                // Another column of the view: an equality checked on the version chosen.
                remaining.add(
                        rex.makeCall(
                                excludesNull
                                        ? SqlStdOperatorTable.EQUALS
                                        : SqlStdOperatorTable.IS_NOT_DISTINCT_FROM,
                                rex.makeInputRef(leftFields.get(l).getType(), l),
                                rex.makeInputRef(column.getType(), leftCount + r)));
            }
        }
        if (!covered.containsAll(view.partitionKeys())) {
            throw UnsupportedQueries.versionedViewKeyNotCovered(view.keyNames(), Optional.empty());
        }
        remaining.addAll(info.nonEquiConditions);
        RexShuttle toJoinedRow =
                new RexShuttle() {
                    @Override
                    public RexNode visitInputRef(RexInputRef ref) {
                        return rex.makeInputRef(
                                ref.getType(), leftCount + at.applyAsInt(ref.getIndex()));
                    }
                };
        for (RexNode c : view.filter()) {
            remaining.add(c.accept(toJoinedRow));
        }
        int rightTime = at.applyAsInt(view.time());
        view.partitionKeys().forEach(at::applyAsInt);

        Translated left = context.translate(join.getLeft());
        Translated versions = context.translate(input);
        if (left.mode() != ChangelogMode.INSERT_ONLY
                || versions.mode() != ChangelogMode.INSERT_ONLY) {
            throw UnsupportedQueries.temporalJoinInputRetracts(Optional.empty());
        }
        RexProgramBuilder columns = new RexProgramBuilder(input.getRowType(), rex);
        List<String> names = snapshot.getRowType().getFieldNames();
        for (int i = 0; i < projects.size(); i++) {
            columns.addProject(projects.get(i), i < viewCount ? names.get(i) : "$version" + i);
        }
        RexProgram program = columns.getProgram();
        Translated right =
                program.isTrivial() ? versions : CalcTranslator.calc(versions, program, context);
        RelDataType pairType =
                SqlValidatorUtil.deriveJoinRowType(
                        join.getLeft().getRowType(),
                        program.getOutputRowType(),
                        JoinRelType.INNER,
                        context.typeFactory(),
                        null,
                        List.of());
        JoinTranslator.Condition condition = conditionOver(pairType, remaining, context);
        boolean added = projects.size() > viewCount;
        RelDataType joinedType =
                added
                        ? SqlValidatorUtil.deriveJoinRowType(
                                join.getLeft().getRowType(),
                                program.getOutputRowType(),
                                join.getJoinType(),
                                context.typeFactory(),
                                null,
                                List.of())
                        : join.getRowType();
        List<FieldSpec> fields = ValueTypes.fieldsOf(joinedType);
        int id =
                context.add(
                        i ->
                                new TemporalJoinNode(
                                        i,
                                        left.id(),
                                        right.id(),
                                        fields,
                                        kind,
                                        leftKeys,
                                        rightKeys,
                                        nullSafe,
                                        leftTime,
                                        rightTime,
                                        condition.code(),
                                        condition.text(),
                                        view.lastRowPerTime()));
        Translated joined =
                new Translated(id, fields, ChangelogMode.INSERT_ONLY, List.of(), -1, -1, true);
        if (!added) {
            return joined;
        }
        RexProgramBuilder dropAdded = new RexProgramBuilder(joinedType, rex);
        List<String> joinNames = join.getRowType().getFieldNames();
        for (int i = 0; i < leftCount + viewCount; i++) {
            dropAdded.addProject(rex.makeInputRef(joinedType, i), joinNames.get(i));
        }
        Translated result = CalcTranslator.calc(joined, dropAdded.getProgram(), context);
        return new Translated(
                result.id(), result.fields(), ChangelogMode.INSERT_ONLY, List.of(), -1, -1, true);
    }

    /** The rest of the condition over the joined pair's row, as {@link JoinTranslator} makes it. */
    private static JoinTranslator.Condition conditionOver(
            RelDataType pairType, List<RexNode> remaining, TranslationContext context) {
        RexNode condition = RexUtil.composeConjunction(context.rexBuilder(), remaining);
        if (condition.isAlwaysTrue()) {
            return new JoinTranslator.Condition("", "");
        }
        RexProgramBuilder builder = new RexProgramBuilder(pairType, context.rexBuilder());
        builder.addCondition(condition);
        return new JoinTranslator.Condition(
                CalcCodeGenerator.generate(builder.getProgram(), context.typeFactory()),
                condition.toString());
    }
}
