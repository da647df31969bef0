package dev.weir.planner.physical;

import dev.weir.plan.RankKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;

/**
 * Whether a calc over a Window is a Top-N the rank operator computes, and its parts: one ranking
 * function (ROW_NUMBER, RANK, DENSE_RANK) with an ORDER BY over the default frame, and a filter
 * bounding its number from above ({@code rank <= N}, {@code rank < N}, {@code rank = 1}, also
 * written the other way round), ANDed with conditions that do not read the number.
 *
 * @param kind the ranking function
 * @param limit the largest rank number kept
 * @param otherConditions the filter's conditions besides the bounds, over the Window's row
 */
record TopNShape(RankKind kind, long limit, List<RexNode> otherConditions) {
    TopNShape {
        otherConditions = List.copyOf(otherConditions);
    }

    static Optional<TopNShape> of(RexProgram program, Window window) {
        if (window.groups.size() != 1 || !window.constants.isEmpty()) {
            return Optional.empty();
        }
        Window.Group group = window.groups.get(0);
        if (group.aggCalls.size() != 1
                || group.orderKeys.getFieldCollations().isEmpty()
                || !group.lowerBound.isUnbounded()
                || !group.lowerBound.isPreceding()
                || !group.upperBound.isCurrentRow()) {
            return Optional.empty();
        }
        Optional<RankKind> kind = kindOf(group.aggCalls.get(0).getKind());
        if (kind.isEmpty() || program.getCondition() == null) {
            return Optional.empty();
        }
        int rankField = window.getInput().getRowType().getFieldCount();
        long limit = Long.MAX_VALUE;
        List<RexNode> others = new ArrayList<>();
        for (RexNode c : RelOptUtil.conjunctions(program.expandLocalRef(program.getCondition()))) {
            if (!RelOptUtil.InputFinder.bits(c).get(rankField)) {
                others.add(c);
                continue;
            }
            long bound = upperBound(c, rankField);
            if (bound < 1) {
                return Optional.empty();
            }
            limit = Math.min(limit, bound);
        }
        return limit == Long.MAX_VALUE
                ? Optional.empty()
                : Optional.of(new TopNShape(kind.get(), limit, others));
    }

    private static Optional<RankKind> kindOf(SqlKind kind) {
        return switch (kind) {
            case ROW_NUMBER -> Optional.of(RankKind.ROW_NUMBER);
            case RANK -> Optional.of(RankKind.RANK);
            case DENSE_RANK -> Optional.of(RankKind.DENSE_RANK);
            default -> Optional.empty();
        };
    }

    /**
     * The largest rank number {@code condition} keeps, when it is a bound of the rank field by an
     * integer literal: {@code <= N} keeps N, {@code < N} keeps N - 1, {@code = 1} keeps 1. Else 0
     * (not a shape the operator computes: {@code = 3} would keep the third row alone).
     */
    private static long upperBound(RexNode condition, int rankField) {
        if (!(condition instanceof RexCall call) || call.getOperands().size() != 2) {
            return 0;
        }
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        SqlKind kind = call.getKind();
        if (isRank(right, rankField) && !isRank(left, rankField)) {
            RexNode swapped = left;
            left = right;
            right = swapped;
            kind = kind.reverse();
        }
        if (!isRank(left, rankField)) {
            return 0;
        }
        Optional<Long> value = integerLiteral(right);
        if (value.isEmpty()) {
            return 0;
        }
        long n = value.get();
        return switch (kind) {
            case LESS_THAN_OR_EQUAL -> n;
            case LESS_THAN -> n - 1;
            case EQUALS -> n == 1 ? 1 : 0;
            default -> 0;
        };
    }

    private static boolean isRank(RexNode node, int rankField) {
        return node instanceof RexInputRef ref && ref.getIndex() == rankField;
    }

    private static Optional<Long> integerLiteral(RexNode node) {
        if (!(node instanceof RexLiteral literal)) {
            return Optional.empty();
        }
        BigDecimal value = literal.getValueAs(BigDecimal.class);
        if (value == null || value.stripTrailingZeros().scale() > 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
