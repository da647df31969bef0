package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.JoinKind;
import dev.weir.plan.WindowJoinNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * An equi-join: the ON condition's equalities between a left and a right field are its keys, the
 * rest is evaluated on each candidate pair. A join without equalities (a cross join, or ON with
 * only inequalities) has one key for all rows: correct, but each row meets every row of the other
 * side. Two windowed inputs joined on their window ends make a window join ({@link
 * WindowJoinNode}): each window's result comes out once, when the watermark completes the window.
 */
final class JoinTranslator implements RelTranslator<Join> {
    @Override
    public Class<Join> relClass() {
        return Join.class;
    }

    /**
     * The join's keys as they are collected: pair {@code i} is {@code left[i] = right[i]}, NULLs
     * equal where {@code nullSafe[i]} (IS NOT DISTINCT FROM).
     */
    record Keys(List<Integer> left, List<Integer> right, List<Boolean> nullSafe) {}

    /**
     * The rest of an ON condition: generated code of a calc over the joined row (left fields, then
     * right fields) that projects nothing, and its text; both empty when there is no rest.
     */
    record Condition(String code, String text) {}

    @Override
    public Translated translate(Join join, TranslationContext context) {
        Translated left = context.translate(join.getLeft());
        Translated right = context.translate(join.getRight());
        return regular(join, left, right, context);
    }

    /** A regular (or window) join of inputs already translated. */
    static Translated regular(
            Join join, Translated left, Translated right, TranslationContext context) {
        JoinKind kind = kindOf(join);
        JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), join.getCondition());
        List<RexNode> remaining = new ArrayList<>(info.nonEquiConditions);
        Keys keys = splitKeys(join, info, remaining, context.rexBuilder());
        boolean windowed = windowEndsFirst(keys, left, right);
        Condition condition = condition(join, remaining, context);
        List<FieldSpec> fields = ValueTypes.fieldsOf(join.getRowType());
        if (windowed) {
            return window(kind, keys, condition, fields, left, right, context);
        }
        // An inner join of appends only appends; a SEMI or ANTI join drops a left row again when
        // its partners come or go.
        ChangelogMode mode =
                kind == JoinKind.INNER
                                && left.mode() == ChangelogMode.INSERT_ONLY
                                && right.mode() == ChangelogMode.INSERT_ONLY
                        ? ChangelogMode.INSERT_ONLY
                        : ChangelogMode.RETRACT;
        int id =
                context.add(
                        i ->
                                new ExecNode.Join(
                                        i,
                                        left.id(),
                                        right.id(),
                                        fields,
                                        kind,
                                        keys.left(),
                                        keys.right(),
                                        keys.nullSafe(),
                                        condition.code(),
                                        condition.text(),
                                        mode,
                                        false,
                                        0));
        return Translated.of(id, fields, mode, List.of());
    }

    /**
     * A window join: each window's result once, when the watermark completes it, so its rows are
     * final and insert-only whatever the kind. It keeps the window end of the side whose rows every
     * result row carries (the left side's; a RIGHT join's, the right's; a FULL join has none).
     */
    private static Translated window(
            JoinKind kind,
            Keys keys,
            Condition condition,
            List<FieldSpec> fields,
            Translated left,
            Translated right,
            TranslationContext context) {
        int id =
                context.add(
                        i ->
                                new WindowJoinNode(
                                        i,
                                        left.id(),
                                        right.id(),
                                        fields,
                                        kind,
                                        keys.left(),
                                        keys.right(),
                                        keys.nullSafe(),
                                        condition.code(),
                                        condition.text(),
                                        context.emit().allowedLatenessMillis()));
        int windowEnd =
                switch (kind) {
                    case INNER, LEFT, SEMI, ANTI -> left.windowEnd();
                    case RIGHT -> left.fields().size() + right.windowEnd();
                    case FULL -> -1;
                };
        int windowStart =
                switch (kind) {
                    case INNER, LEFT, SEMI, ANTI -> left.windowStart();
                    case RIGHT ->
                            right.windowStart() < 0
                                    ? -1
                                    : left.fields().size() + right.windowStart();
                    case FULL -> -1;
                };
        return new Translated(
                id, fields, ChangelogMode.INSERT_ONLY, List.of(), windowStart, windowEnd, true);
    }

    /** The conjunction of {@code remaining} as generated code over the joined row, and its text. */
    static Condition condition(Join join, List<RexNode> remaining, TranslationContext context) {
        RexNode condition = RexUtil.composeConjunction(context.rexBuilder(), remaining);
        if (condition.isAlwaysTrue()) {
            return new Condition("", "");
        }
        // The condition reads both sides, even where the result has the left side only.
        RelDataType pairType =
                SqlValidatorUtil.deriveJoinRowType(
                        join.getLeft().getRowType(),
                        join.getRight().getRowType(),
                        JoinRelType.INNER,
                        context.typeFactory(),
                        null,
                        List.of());
        RexProgramBuilder builder = new RexProgramBuilder(pairType, context.rexBuilder());
        builder.addCondition(condition);
        return new Condition(
                CalcCodeGenerator.generate(builder.getProgram(), context.typeFactory()),
                condition.toString());
    }

    static JoinKind kindOf(Join join) {
        return switch (join.getJoinType()) {
            case INNER -> JoinKind.INNER;
            case LEFT -> JoinKind.LEFT;
            case RIGHT -> JoinKind.RIGHT;
            case FULL -> JoinKind.FULL;
            case SEMI -> JoinKind.SEMI;
            case ANTI -> JoinKind.ANTI;
            default ->
                    throw Errors.unsupportedStreamingQuery(
                            Optional.empty(),
                            "This kind of join ("
                                    + join.getJoinType()
                                    + ") is not supported on streams yet.");
        };
    }

    /**
     * Makes the ON condition's equalities keys, where equal values have equal key encodings; the
     * others join the {@code remaining} conditions.
     */
    static Keys splitKeys(
            Join join, JoinInfo info, List<RexNode> remaining, RexBuilder rexBuilder) {
        Keys keys = new Keys(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int leftCount = join.getLeft().getRowType().getFieldCount();
        List<RelDataTypeField> leftFields = join.getLeft().getRowType().getFieldList();
        List<RelDataTypeField> rightFields = join.getRight().getRowType().getFieldList();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            int l = info.leftKeys.get(i);
            int r = info.rightKeys.get(i);
            boolean excludesNull = info.nullExclusionFlags.get(i);
            if (sameKeyEncoding(leftFields.get(l).getType(), rightFields.get(r).getType())) {
                keys.left().add(l);
                keys.right().add(r);
                keys.nullSafe().add(!excludesNull);
            } else {
                // Equal values would encode differently (a DECIMAL's scale): compare them as the
                // condition does, not by key.
                RexNode a = rexBuilder.makeInputRef(leftFields.get(l).getType(), l);
                RexNode b = rexBuilder.makeInputRef(rightFields.get(r).getType(), leftCount + r);
                remaining.add(
                        rexBuilder.makeCall(
                                excludesNull
                                        ? SqlStdOperatorTable.EQUALS
                                        : SqlStdOperatorTable.IS_NOT_DISTINCT_FROM,
                                a,
                                b));
            }
        }
        return keys;
    }

    /**
     * A window join: both sides windowed and joined on their window ends. The window_end pair goes
     * first, so the operator's state is ordered by window end.
     *
     * @return whether the join is a window join
     */
    private static boolean windowEndsFirst(Keys keys, Translated left, Translated right) {
        for (int i = 0; i < keys.left().size(); i++) {
            if (left.windowEnd() >= 0
                    && keys.left().get(i) == left.windowEnd()
                    && keys.right().get(i) == right.windowEnd()
                    && !keys.nullSafe().get(i)) {
                keys.left().add(0, keys.left().remove(i));
                keys.right().add(0, keys.right().remove(i));
                keys.nullSafe().add(0, keys.nullSafe().remove(i));
                return true;
            }
        }
        return false;
    }

    /** Whether equal values of the two types always have equal state-key encodings. */
    static boolean sameKeyEncoding(RelDataType a, RelDataType b) {
        if (ValueTypes.of(a) != ValueTypes.of(b)) {
            return false;
        }
        return a.getSqlTypeName() != SqlTypeName.DECIMAL || a.getScale() == b.getScale();
    }
}
