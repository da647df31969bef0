package dev.weir.planner.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalSnapshot;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;

/**
 * Calcite converts {@code l [LEFT] JOIN r FOR SYSTEM_TIME AS OF l.time ON c} to a correlate: for
 * each left row, the snapshot of {@code r} at {@code l.time}, filtered by {@code c}, which reads
 * the left row through a correlation variable. This makes it the join it is: a join of the left
 * input and the snapshot on {@code c}, the correlation variable's fields turned into the left
 * fields; the snapshot's period becomes the left field it names ({@code $i} of the join's left
 * input), which the temporal join's translator reads. A correlate of another shape stays, and is
 * refused where it is translated.
 */
public final class TemporalJoins {
    private TemporalJoins() {}

    /** {@code rel} with each temporal join's correlate made a join of a snapshot. */
    public static RelNode rewrite(RelNode rel) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : rel.getInputs()) {
            RelNode rewritten = rewrite(input);
            inputs.add(rewritten);
            changed |= rewritten != input;
        }
        RelNode current = changed ? rel.copy(rel.getTraitSet(), inputs) : rel;
        if (current instanceof Correlate correlate) {
            return asJoin(correlate).orElse(current);
        }
        return current;
    }

    private static Optional<RelNode> asJoin(Correlate correlate) {
        RelNode right = correlate.getRight();
        RexNode condition = correlate.getCluster().getRexBuilder().makeLiteral(true);
        if (right instanceof Calc calc && isFilterOnly(calc.getProgram())) {
            condition = calc.getProgram().expandLocalRef(calc.getProgram().getCondition());
            right = calc.getInput();
        } else if (right instanceof Filter filter) {
            condition = filter.getCondition();
            right = filter.getInput();
        }
        if (!(right instanceof Snapshot snapshot)) {
            return Optional.empty();
        }
        // AS OF a field of the left row, read through the correlate's variable; anything else
        // (an expression, an outer query's column) stays a correlate, refused.
        if (!(snapshot.getPeriod() instanceof RexFieldAccess access
                && access.getReferenceExpr() instanceof RexCorrelVariable variable
                && variable.id.equals(correlate.getCorrelationId()))) {
            return Optional.empty();
        }
        int leftCount = correlate.getLeft().getRowType().getFieldCount();
        Decorrelation shuttle = new Decorrelation(correlate.getCorrelationId(), leftCount);
        RexNode onCondition = condition.accept(shuttle);
        if (shuttle.foreign || RexUtil.containsCorrelation(onCondition)) {
            return Optional.empty();
        }
        RexNode period = new RexInputRef(access.getField().getIndex(), access.getType());
        RelNode versioned = LogicalSnapshot.create(snapshot.getInput(), period);
        return Optional.of(
                LogicalJoin.create(
                        correlate.getLeft(),
                        versioned,
                        List.of(),
                        onCondition,
                        Set.of(),
                        correlate.getJoinType()));
    }

    private static boolean isFilterOnly(RexProgram program) {
        return program.getCondition() != null && program.projectsOnlyIdentity();
    }

    /**
     * Replaces the correlate's variable's fields by the left input's fields, and shifts the
     * snapshot's own fields past them.
     */
    private static final class Decorrelation extends RexShuttle {
        private final CorrelationId id;
        private final int leftCount;
        private boolean foreign;

        Decorrelation(CorrelationId id, int leftCount) {
            this.id = id;
            this.leftCount = leftCount;
        }

        @Override
        public RexNode visitFieldAccess(RexFieldAccess access) {
            if (access.getReferenceExpr() instanceof RexCorrelVariable variable) {
                if (!variable.id.equals(id)) {
                    foreign = true;
                    return access;
                }
                return new RexInputRef(access.getField().getIndex(), access.getType());
            }
            return super.visitFieldAccess(access);
        }

        @Override
        public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(ref.getIndex() + leftCount, ref.getType());
        }
    }
}
