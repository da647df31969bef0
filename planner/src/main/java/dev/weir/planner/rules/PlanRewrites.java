package dev.weir.planner.rules;

import java.util.List;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;

/**
 * The rewrites of a logical plan before it is translated, with Calcite's own rules: subqueries
 * become joins, join conditions are pushed into their joins, and filters and projections are fused
 * into calcs. The translators then see only the operators they know, in a canonical form (a window
 * aggregate, for one, is recognized as an aggregate over at most one calc over a windowing
 * function).
 */
public final class PlanRewrites {
    private PlanRewrites() {}

    /** {@code rel} with its subqueries removed, its joins' conditions placed, its calcs fused. */
    public static RelNode rewrite(RelNode rel) {
        rel = removeSubQueries(ProjectNullability.repair(rel));
        rel = OverWindows.separate(rel);
        HepProgram program =
                HepProgram.builder()
                        // WHERE conditions over a join (and FROM a, b WHERE a.k = b.k) become its
                        // ON condition or filters below it; key expressions (casts) become
                        // projections below it, so the keys are plain fields.
                        .addRuleCollection(
                                List.of(
                                        CoreRules.FILTER_INTO_JOIN,
                                        CoreRules.JOIN_CONDITION_PUSH,
                                        CoreRules.JOIN_PUSH_EXPRESSIONS))
                        .addRuleInstance(CoreRules.FILTER_TO_CALC)
                        .addRuleInstance(CoreRules.PROJECT_TO_CALC)
                        .addRuleInstance(CoreRules.CALC_MERGE)
                        .addRuleInstance(CoreRules.CALC_REMOVE)
                        .build();
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(rel);
        // After the rules: a temporal join's ON must not be pushed into the versioned side, where
        // it would filter versions before one is chosen rather than the chosen one.
        return TemporalJoins.rewrite(planner.findBestExp());
    }

    /**
     * IN, EXISTS and scalar subqueries become joins (and aggregates), correlated ones decorrelated
     * as Calcite does: the streaming operators know joins, not subqueries.
     */
    private static RelNode removeSubQueries(RelNode rel) {
        if (!containsSubQuery(rel)) {
            return rel;
        }
        HepProgram program =
                HepProgram.builder()
                        .addRuleCollection(
                                List.of(
                                        CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
                                        CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
                                        CoreRules.JOIN_SUB_QUERY_TO_CORRELATE))
                        .build();
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(rel);
        RelNode removed = planner.findBestExp();
        WindowedSubQueries.check(removed);
        return RelDecorrelator.decorrelateQuery(
                removed, RelFactories.LOGICAL_BUILDER.create(removed.getCluster(), null));
    }

    private static boolean containsSubQuery(RelNode rel) {
        boolean here =
                rel instanceof Project p && RexUtil.SubQueryFinder.containsSubQuery(p)
                        || rel instanceof Filter f && RexUtil.SubQueryFinder.containsSubQuery(f)
                        || rel instanceof Join j && RexUtil.SubQueryFinder.containsSubQuery(j);
        if (here) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (containsSubQuery(input)) {
                return true;
            }
        }
        return false;
    }
}
