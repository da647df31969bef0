package dev.weir.planner.physical;

import dev.weir.plan.ChangelogMode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.JoinKind;
import dev.weir.plan.TemporalJoinNode;
import dev.weir.planner.validate.UnsupportedQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

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
                                        condition.text()));
        // Each left row comes out once, final, when the watermark reaches its time.
        return new Translated(id, fields, ChangelogMode.INSERT_ONLY, List.of(), -1, -1, true);
    }
}
