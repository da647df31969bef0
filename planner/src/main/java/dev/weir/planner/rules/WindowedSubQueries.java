package dev.weir.planner.rules;

import dev.weir.common.error.Errors;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;

/**
 * Refuses a correlated subquery over windowing functions that reads an outer column other than in
 * an equality, such as {@code NOT EXISTS (SELECT ... FROM TABLE(TUMBLE(...)) b WHERE a.k = b.k AND
 * a.window_start = b.window_start AND a.window_end = b.window_end AND a.x < b.y)}. With equalities
 * only, Calcite's decorrelation gives a semi or anti join on the window bounds, which runs as a
 * window join; with another use of an outer column it computes the outer side's distinct values,
 * window-joins them with the subquery and joins the result back with a regular join, which meets
 * each outer row before its window is complete: a NOT EXISTS kept rows whose match was still to
 * come. Until such a subquery is planned as one semi or anti window join carrying the whole
 * condition, it is refused; an inner or outer window join with the comparison in its ON runs.
 */
final class WindowedSubQueries {
    private static final Set<String> WINDOW_FUNCTIONS =
            Set.of("TUMBLE", "HOP", "CUMULATE", "SESSION");

    private WindowedSubQueries() {}

    /** Throws UNSUPPORTED_STREAMING_QUERY for such a subquery in {@code rel}, else nothing. */
    static void check(RelNode rel) {
        if (rel instanceof Correlate correlate
                && readsWindows(correlate.getRight())
                && usesOutsideEquality(correlate.getRight(), correlate.getCorrelationId())) {
            throw Errors.unsupportedStreamingQuery(
                    Optional.empty(),
                    "A subquery (EXISTS, IN or scalar) over a windowing function whose condition"
                            + " reads an outer column other than in an equality is not supported on"
                            + " streams yet: it would not run as one window join. Compare the"
                            + " columns in the ON of a window join instead (JOIN or LEFT JOIN on"
                            + " window_start, window_end and the keys, with the comparison).");
        }
        for (RelNode input : rel.getInputs()) {
            check(input);
        }
    }

    private static boolean readsWindows(RelNode rel) {
        if (rel instanceof TableFunctionScan scan
                && scan.getCall() instanceof RexCall call
                && WINDOW_FUNCTIONS.contains(
                        call.getOperator().getName().toUpperCase(Locale.ROOT))) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (readsWindows(input)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code id} appears anywhere in {@code rel} but as one side of an equality. */
    private static boolean usesOutsideEquality(RelNode rel, CorrelationId id) {
        if (rel instanceof Filter filter) {
            for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
                if (!isCorrelatedEquality(conjunct, id) && reads(conjunct, id)) {
                    return true;
                }
            }
        } else if (rel instanceof Join join) {
            for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
                if (!isCorrelatedEquality(conjunct, id) && reads(conjunct, id)) {
                    return true;
                }
            }
        } else {
            boolean[] found = {false};
            rel.accept(
                    new RexShuttle() {
                        @Override
                        public RexNode visitCorrelVariable(RexCorrelVariable variable) {
                            if (variable.id.equals(id)) {
                                found[0] = true;
                            }
                            return variable;
                        }
                    });
            if (found[0]) {
                return true;
            }
        }
        for (RelNode input : rel.getInputs()) {
            if (usesOutsideEquality(input, id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code outer.f = inner expression}, the outer side a bare field of the correlation (or a CAST
     * of one): the only equality Calcite's decorrelator turns into a join key without a value
     * generator.
     */
    private static boolean isCorrelatedEquality(RexNode conjunct, CorrelationId id) {
        if (!(conjunct instanceof RexCall call) || call.getKind() != SqlKind.EQUALS) {
            return false;
        }
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        return isOuterField(a, id) && !reads(b, id) || isOuterField(b, id) && !reads(a, id);
    }

    private static boolean isOuterField(RexNode node, CorrelationId id) {
        if (node.getKind() == SqlKind.CAST) {
            node = ((RexCall) node).getOperands().get(0);
        }
        return node instanceof RexFieldAccess access
                && access.getReferenceExpr() instanceof RexCorrelVariable variable
                && variable.id.equals(id);
    }

    private static boolean reads(RexNode node, CorrelationId id) {
        Boolean found =
                node.accept(
                        new RexVisitorImpl<Boolean>(true) {
                            @Override
                            public Boolean visitCorrelVariable(RexCorrelVariable variable) {
                                return variable.id.equals(id) ? Boolean.TRUE : null;
                            }

                            @Override
                            public Boolean visitCall(RexCall call) {
                                for (RexNode operand : call.getOperands()) {
                                    if (Boolean.TRUE.equals(operand.accept(this))) {
                                        return true;
                                    }
                                }
                                return null;
                            }

                            @Override
                            public Boolean visitFieldAccess(RexFieldAccess access) {
                                return access.getReferenceExpr().accept(this);
                            }
                        });
        return Boolean.TRUE.equals(found);
    }
}
