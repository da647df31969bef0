package dev.weir.planner.physical;

import dev.weir.plan.ChangelogMode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.IntervalJoinNode;
import dev.weir.plan.JoinKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rex.RexNode;

/**
 * An interval join: an inner or outer join of two insert-only streams whose ON condition bounds the
 * difference of their event times from below and above ({@link IntervalJoinBounds}), besides any
 * key equalities and other conditions. Its state is bounded by the watermark and its output is
 * insert-only and final. A join of that shape over an input that retracts is a regular join.
 */
final class IntervalJoinTranslator implements RelTranslator<Join> {
    @Override
    public Class<Join> relClass() {
        return Join.class;
    }

    @Override
    public boolean accepts(Join join) {
        return shape(join).isPresent();
    }

    @Override
    public Translated translate(Join join, TranslationContext context) {
        Translated left = context.translate(join.getLeft());
        Translated right = context.translate(join.getRight());
        if (left.mode() != ChangelogMode.INSERT_ONLY || right.mode() != ChangelogMode.INSERT_ONLY) {
            return JoinTranslator.regular(join, left, right, context);
        }
        JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), join.getCondition());
        IntervalJoinBounds bounds = shape(join).orElseThrow();
        List<RexNode> rest = new ArrayList<>(bounds.rest());
        JoinTranslator.Keys keys = JoinTranslator.splitKeys(join, info, rest, context.rexBuilder());
        JoinTranslator.Condition condition = JoinTranslator.condition(join, rest, context);
        JoinKind kind = JoinTranslator.kindOf(join);
        List<FieldSpec> fields = ValueTypes.fieldsOf(join.getRowType());
        int id =
                context.add(
                        i ->
                                new IntervalJoinNode(
                                        i,
                                        left.id(),
                                        right.id(),
                                        fields,
                                        kind,
                                        keys.left(),
                                        keys.right(),
                                        keys.nullSafe(),
                                        bounds.leftTime(),
                                        bounds.rightTime(),
                                        bounds.lower(),
                                        bounds.upper(),
                                        condition.code(),
                                        condition.text()));
        // Every row it emits is final (a pair once, a padded row once it can no longer match):
        // EMIT AFTER WATERMARK applies as it stands (Nexmark q7 over a window aggregate's maxima).
        return new Translated(id, fields, ChangelogMode.INSERT_ONLY, List.of(), -1, -1, true);
    }

    /** The join's time bounds, if it is an inner or outer join that has both. */
    static Optional<IntervalJoinBounds> shape(Join join) {
        switch (join.getJoinType()) {
            case INNER, LEFT, RIGHT, FULL -> {}
            default -> {
                return Optional.empty();
            }
        }
        JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), join.getCondition());
        return IntervalJoinBounds.of(join, info.nonEquiConditions);
    }
}
