package dev.weir.planner.rules;

import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexOver;

/**
 * Takes OVER calls (ROW_NUMBER() OVER (...) and the like) out of projections into Window operators
 * of their own, before projections and filters are fused into calcs: a calc computing an OVER call
 * would otherwise take in the filter above it (the rank's bound, a condition on other columns),
 * whose rows then would not be those the ranking numbers. The translators see the ranking as a
 * Window, the filter of the Top-N as the calc above it.
 */
final class OverWindows {
    private OverWindows() {}

    static RelNode separate(RelNode rel) {
        if (!containsOver(rel)) {
            return rel;
        }
        HepProgram program =
                HepProgram.builder()
                        .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
                        .build();
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(rel);
        return planner.findBestExp();
    }

    private static boolean containsOver(RelNode rel) {
        if (rel instanceof Project p && RexOver.containsOver(p.getProjects(), null)) {
            return true;
        }
        return rel.getInputs().stream().anyMatch(OverWindows::containsOver);
    }
}
