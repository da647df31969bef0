package dev.weir.planner.physical;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The time bounds of an interval join, read from the conditions of a join's ON that are not key
 * equalities: comparisons ({@code <, <=, >, >=}, BETWEEN being two of them) between an event-time
 * attribute of each input, each plus or minus constant day-time INTERVALs. Together they bound
 * {@code rightTime - leftTime} to {@code [lower, upper]} (in ms, strict bounds made inclusive:
 * times are whole milliseconds); the comparisons that are not such bounds stay the join's residual
 * condition. As Flink requires, a join is an interval join only with both a lower and an upper
 * bound on the same pair of attributes; bounds on another pair stay in the residual condition.
 *
 * @param leftTime the left input's time attribute the bounds read
 * @param rightTime the right input's time attribute, in the right input's own fields
 * @param lower the least {@code rightTime - leftTime} that matches, inclusive
 * @param upper the greatest, inclusive
 * @param rest the conditions that are not bounds, over the joined row
 */
record IntervalJoinBounds(int leftTime, int rightTime, long lower, long upper, List<RexNode> rest) {
    IntervalJoinBounds {
        rest = List.copyOf(rest);
    }

    /** A time attribute plus a constant offset in ms, as a field of the joined row. */
    private record TimeTerm(int field, long offset) {}

    /**
     * One comparison read as a bound on {@code rightTime - leftTime}.
     *
     * @param rightField the right time attribute, in the right input's own fields
     * @param lower a lower bound, else an upper one
     * @param value the bound, inclusive
     */
    private record Bound(int leftField, int rightField, boolean lower, long value) {}

    /**
     * The bounds of {@code conditions} (a join's conditions that are not key equalities), or empty
     * when they do not bound both sides' time attributes from below and above.
     */
    static Optional<IntervalJoinBounds> of(Join join, List<RexNode> conditions) {
        int leftCount = join.getLeft().getRowType().getFieldCount();
        Set<Integer> leftTimes = TimeAttributes.of(join.getLeft());
        Set<Integer> rightTimes = TimeAttributes.of(join.getRight());
        if (leftTimes.isEmpty() || rightTimes.isEmpty()) {
            return Optional.empty();
        }
        int leftTime = -1;
        int rightTime = -1;
        Long lower = null;
        Long upper = null;
        List<RexNode> rest = new ArrayList<>();
        List<RexNode> conjuncts = new ArrayList<>();
        conditions.forEach(c -> conjuncts.addAll(RelOptUtil.conjunctions(c)));
        for (RexNode conjunct : conjuncts) {
            Optional<Bound> found = bound(conjunct, leftCount, leftTimes, rightTimes);
            if (found.isEmpty()
                    || leftTime >= 0
                            && (found.get().leftField() != leftTime
                                    || found.get().rightField() != rightTime)) {
                rest.add(conjunct);
                continue;
            }
            Bound bound = found.get();
            leftTime = bound.leftField();
            rightTime = bound.rightField();
            if (bound.lower()) {
                lower = lower == null ? bound.value() : Math.max(lower, bound.value());
            } else {
                upper = upper == null ? bound.value() : Math.min(upper, bound.value());
            }
        }
        if (lower == null || upper == null) {
            return Optional.empty();
        }
        return Optional.of(new IntervalJoinBounds(leftTime, rightTime, lower, upper, rest));
    }

    /** A comparison as a bound; empty if it is not one. */
    private static Optional<Bound> bound(
            RexNode conjunct, int leftCount, Set<Integer> leftTimes, Set<Integer> rightTimes) {
        SqlKind kind = conjunct.getKind();
        if (kind != SqlKind.LESS_THAN
                && kind != SqlKind.LESS_THAN_OR_EQUAL
                && kind != SqlKind.GREATER_THAN
                && kind != SqlKind.GREATER_THAN_OR_EQUAL) {
            return Optional.empty();
        }
        List<RexNode> operands = ((RexCall) conjunct).getOperands();
        Optional<TimeTerm> a = term(operands.get(0));
        Optional<TimeTerm> b = term(operands.get(1));
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        boolean aIsLeft = a.get().field() < leftCount;
        TimeTerm left = aIsLeft ? a.get() : b.get();
        TimeTerm right = aIsLeft ? b.get() : a.get();
        if (left.field() >= leftCount
                || right.field() < leftCount
                || !leftTimes.contains(left.field())
                || !rightTimes.contains(right.field() - leftCount)) {
            return Optional.empty();
        }
        // With d = rightTime - leftTime: "left + lo OP right + ro" is "d OP' lo - ro" with OP
        // mirrored, "right + ro OP left + lo" is "d OP lo - ro".
        long c;
        try {
            c = Math.subtractExact(left.offset(), right.offset());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
        SqlKind op = aIsLeft ? kind.reverse() : kind;
        return switch (op) {
            case GREATER_THAN_OR_EQUAL -> bound(left, right, leftCount, true, c, 0);
            case GREATER_THAN -> bound(left, right, leftCount, true, c, 1);
            case LESS_THAN_OR_EQUAL -> bound(left, right, leftCount, false, c, 0);
            case LESS_THAN -> bound(left, right, leftCount, false, c, -1);
            default -> Optional.empty();
        };
    }

    private static Optional<Bound> bound(
            TimeTerm left, TimeTerm right, int leftCount, boolean lower, long c, int adjust) {
        if (c == Long.MAX_VALUE && adjust > 0 || c == Long.MIN_VALUE && adjust < 0) {
            return Optional.empty();
        }
        return Optional.of(new Bound(left.field(), right.field() - leftCount, lower, c + adjust));
    }

    /**
     * A TIMESTAMP field plus or minus constant day-time intervals (through casts that change only
     * whether it may be NULL); empty for anything else.
     */
    private static Optional<TimeTerm> term(RexNode e) {
        if (e.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP) {
            return Optional.empty();
        }
        if (e instanceof RexInputRef ref) {
            return Optional.of(new TimeTerm(ref.getIndex(), 0));
        }
        if (!(e instanceof RexCall call)) {
            return Optional.empty();
        }
        List<RexNode> operands = call.getOperands();
        if (e.getKind() == SqlKind.CAST
                && operands.get(0).getType().getSqlTypeName() == SqlTypeName.TIMESTAMP
                && operands.get(0).getType().getPrecision() == e.getType().getPrecision()) {
            return term(operands.get(0));
        }
        if (operands.size() != 2 || e.getKind() != SqlKind.PLUS && e.getKind() != SqlKind.MINUS) {
            return Optional.empty();
        }
        boolean intervalFirst = e.getKind() == SqlKind.PLUS && millis(operands.get(0)).isPresent();
        Optional<Long> offset = millis(operands.get(intervalFirst ? 0 : 1));
        Optional<TimeTerm> inner = term(operands.get(intervalFirst ? 1 : 0));
        if (offset.isEmpty() || inner.isEmpty()) {
            return Optional.empty();
        }
        try {
            long delta =
                    e.getKind() == SqlKind.PLUS ? offset.get() : Math.negateExact(offset.get());
            return Optional.of(
                    new TimeTerm(inner.get().field(), Math.addExact(inner.get().offset(), delta)));
        } catch (ArithmeticException overflow) {
            return Optional.empty();
        }
    }

    /** A constant day-time interval in ms (year-month intervals have no fixed length). */
    private static Optional<Long> millis(RexNode e) {
        if (!(e instanceof RexLiteral literal)
                || literal.isNull()
                || e.getType().getSqlTypeName().getFamily() != SqlTypeFamily.INTERVAL_DAY_TIME) {
            return Optional.empty();
        }
        BigDecimal value = literal.getValueAs(BigDecimal.class);
        try {
            return Optional.of(value.longValueExact());
        } catch (ArithmeticException e2) {
            return Optional.empty();
        }
    }
}
