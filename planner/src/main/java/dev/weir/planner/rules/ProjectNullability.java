package dev.weir.planner.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * Repairs projections whose column references disagree with their input about whether a column may
 * be NULL. Calcite makes such projections for GROUPING SETS that name a set twice (a union of
 * aggregates, one per repetition: an aggregate's call is NOT NULL in one branch and nullable in the
 * other, and the projection over the former is typed as the union), and its own rules then fail on
 * them with an AssertionError. Each reference takes its input's type, and a column whose type that
 * changes is cast back to the projection's declared type, so the projection's row type stays as it
 * was. Only nullability is repaired; any other disagreement is left to fail as Calcite's bug it is.
 */
final class ProjectNullability {
    private ProjectNullability() {}

    static RelNode repair(RelNode rel) {
        return rel.accept(
                new RelHomogeneousShuttle() {
                    @Override
                    public RelNode visit(RelNode other) {
                        RelNode visited = super.visit(other);
                        return visited instanceof LogicalProject project
                                ? repaired(project)
                                : visited;
                    }
                });
    }

    private static RelNode repaired(LogicalProject project) {
        List<RelDataTypeField> inputFields = project.getInput().getRowType().getFieldList();
        boolean[] changed = {false};
        RexShuttle retyped =
                new RexShuttle() {
                    @Override
                    public RexNode visitInputRef(RexInputRef ref) {
                        RelDataType actual = inputFields.get(ref.getIndex()).getType();
                        if (!actual.equals(ref.getType())
                                && actual.getSqlTypeName() == ref.getType().getSqlTypeName()
                                && actual.getPrecision() == ref.getType().getPrecision()
                                && actual.getScale() == ref.getType().getScale()) {
                            changed[0] = true;
                            return new RexInputRef(ref.getIndex(), actual);
                        }
                        return ref;
                    }
                };
        List<RexNode> projects = new ArrayList<>();
        for (RexNode e : project.getProjects()) {
            projects.add(e.accept(retyped));
        }
        if (!changed[0]) {
            return project;
        }
        RexBuilder rexBuilder = project.getCluster().getRexBuilder();
        List<RelDataTypeField> declared = project.getRowType().getFieldList();
        for (int i = 0; i < projects.size(); i++) {
            RelDataType type = declared.get(i).getType();
            if (!projects.get(i).getType().equals(type)) {
                projects.set(i, rexBuilder.makeAbstractCast(type, projects.get(i), false));
            }
        }
        return project.copy(
                project.getTraitSet(), project.getInput(), projects, project.getRowType());
    }
}
