package dev.weir.planner.physical;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * GROUPING SETS, ROLLUP and CUBE over windows, as Flink runs them: one window aggregate per
 * grouping set (each keeps window_start and window_end among its keys), its rows padded with NULL
 * for the group columns the set rolls up, all of them in a UNION ALL. Each set's windows are final
 * when the watermark passes their end, so the union's rows are too.
 */
final class WindowGroupingSets {
    private WindowGroupingSets() {}

    /**
     * The plan that computes {@code aggregate} (and {@code above}, the calc over it, if any) as a
     * union of one simple window aggregate per grouping set.
     */
    static RelNode expand(Aggregate aggregate, Optional<RexProgram> above, RexBuilder rexBuilder) {
        RelDataType rowType = aggregate.getRowType();
        List<Integer> groups = aggregate.getGroupSet().asList();
        List<RelNode> branches = new ArrayList<>();
        for (ImmutableBitSet set : aggregate.getGroupSets()) {
            Aggregate simple =
                    aggregate.copy(
                            aggregate.getTraitSet(),
                            aggregate.getInput(),
                            set,
                            null,
                            aggregate.getAggCallList());
            branches.add(padded(simple, set, groups, rowType, rexBuilder));
        }
        RelNode union = LogicalUnion.create(branches, true);
        return above.<RelNode>map(program -> LogicalCalc.create(union, program)).orElse(union);
    }

    /**
     * A set's aggregate with the full aggregate's columns: its own group columns, NULL for the
     * others, then the calls, each of the full aggregate's type.
     */
    private static RelNode padded(
            Aggregate simple,
            ImmutableBitSet set,
            List<Integer> groups,
            RelDataType rowType,
            RexBuilder rexBuilder) {
        RexProgramBuilder program = new RexProgramBuilder(simple.getRowType(), rexBuilder);
        List<RelDataTypeField> fields = rowType.getFieldList();
        List<Integer> setColumns = set.asList();
        for (int g = 0; g < groups.size(); g++) {
            RelDataType type = fields.get(g).getType();
            int inSet = setColumns.indexOf(groups.get(g));
            RexNode value =
                    inSet < 0
                            ? rexBuilder.makeNullLiteral(type)
                            : rexBuilder.makeCast(
                                    type, rexBuilder.makeInputRef(simple, inSet), true, false);
            program.addProject(value, fields.get(g).getName());
        }
        for (int c = groups.size(); c < fields.size(); c++) {
            RexNode call = rexBuilder.makeInputRef(simple, setColumns.size() + c - groups.size());
            program.addProject(
                    rexBuilder.makeCast(fields.get(c).getType(), call, true, false),
                    fields.get(c).getName());
        }
        return LogicalCalc.create(simple, program.getProgram());
    }
}
