package dev.weir.planner.physical;

import dev.weir.planner.validate.UnsupportedQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The WHERE between a windowing function and the aggregate over it, split by what its conjuncts
 * read. A conjunct over the input's columns alone decides a row whatever its window: it filters the
 * rows before they are assigned to windows. A conjunct over window_start and window_end alone
 * decides a whole window: it filters the windows' results. A conjunct over both decides a (row,
 * window) pair, which the window aggregate never sees: it is refused.
 *
 * <p>SESSION windows are made of the rows themselves: filtering rows before the sessions are made
 * would change the sessions (the rows filtered out still extend and merge them), so a WHERE over
 * them is refused.
 *
 * @param onRows the conjuncts over the input's columns, over the windowing function's input row
 * @param onBounds the conjuncts over the window bounds, over the windowing function's output row
 * @param windowStart the windowing function's window_start field (window_end is the next one)
 */
record WindowWhere(Optional<RexNode> onRows, List<RexNode> onBounds, int windowStart) {
    WindowWhere {
        onBounds = List.copyOf(onBounds);
    }

    /**
     * @param condition the WHERE, over the windowing function's output row
     * @param windowStart the windowing function's window_start field (window_end is the next one)
     * @param session whether the windows are SESSION windows
     */
    static WindowWhere of(
            Optional<RexNode> condition, int windowStart, boolean session, RexBuilder rexBuilder) {
        if (condition.isEmpty()) {
            return new WindowWhere(Optional.empty(), List.of(), windowStart);
        }
        if (session) {
            throw UnsupportedQueries.whereOverSessions(Optional.empty());
        }
        ImmutableBitSet bounds = ImmutableBitSet.of(windowStart, windowStart + 1);
        List<RexNode> onRows = new ArrayList<>();
        List<RexNode> onBounds = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(condition.get())) {
            ImmutableBitSet read = RelOptUtil.InputFinder.bits(conjunct);
            if (!read.intersects(bounds)) {
                onRows.add(conjunct);
            } else if (bounds.contains(read)) {
                onBounds.add(conjunct);
            } else {
                throw UnsupportedQueries.whereOverRowsAndWindows(Optional.empty());
            }
        }
        return new WindowWhere(
                onRows.isEmpty()
                        ? Optional.empty()
                        : Optional.of(RexUtil.composeConjunction(rexBuilder, onRows)),
                onBounds,
                windowStart);
    }

    /**
     * The conjuncts over the window bounds, over a row whose window_start is field {@code boundsAt}
     * and window_end the next.
     *
     * @param boundType the SQL type of the bounds there
     */
    Optional<RexNode> onBounds(RelDataType boundType, int boundsAt, RexBuilder rexBuilder) {
        if (onBounds.isEmpty()) {
            return Optional.empty();
        }
        RexShuttle moved =
                new RexShuttle() {
                    @Override
                    public RexNode visitInputRef(RexInputRef ref) {
                        return new RexInputRef(boundsAt + ref.getIndex() - windowStart, boundType);
                    }
                };
        List<RexNode> conjuncts = new ArrayList<>();
        for (RexNode conjunct : onBounds) {
            conjuncts.add(conjunct.accept(moved));
        }
        return Optional.of(RexUtil.composeConjunction(rexBuilder, conjuncts));
    }
}
