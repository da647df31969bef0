package dev.weir.planner.physical;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * LITERAL_AGG (Calcite's marker that a group exists, from the rewrite of NOT IN and similar
 * subqueries) is a constant in every group's row: the aggregate computes COUNT(*) in its place, and
 * a program over its result projects the constant instead. For the group and the window aggregate
 * alike.
 *
 * @param counted the aggregate with COUNT(*) for each LITERAL_AGG
 * @param program over {@code counted}'s rows: the original aggregate's row, constants in place
 */
record LiteralAggregates(Aggregate counted, RexProgram program) {
    static boolean present(Aggregate aggregate) {
        return aggregate.getAggCallList().stream()
                .anyMatch(c -> c.getAggregation().getKind() == SqlKind.LITERAL_AGG);
    }

    static LiteralAggregates of(Aggregate aggregate, RelDataType countType, RexBuilder rexBuilder) {
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            calls.add(
                    call.getAggregation().getKind() == SqlKind.LITERAL_AGG
                            ? AggregateCall.create(
                                    SqlStdOperatorTable.COUNT,
                                    false,
                                    false,
                                    false,
                                    List.of(),
                                    List.of(),
                                    -1,
                                    ImmutableBitSet.of(),
                                    RelCollations.EMPTY,
                                    countType,
                                    call.getName())
                            : call);
        }
        Aggregate counted =
                aggregate.copy(
                        aggregate.getTraitSet(),
                        aggregate.getInput(),
                        aggregate.getGroupSet(),
                        aggregate.getGroupSets(),
                        calls);
        int groups = aggregate.getGroupCount();
        List<RexNode> projects = new ArrayList<>();
        for (int i = 0; i < aggregate.getRowType().getFieldCount(); i++) {
            AggregateCall call = i < groups ? null : aggregate.getAggCallList().get(i - groups);
            projects.add(
                    call != null && call.getAggregation().getKind() == SqlKind.LITERAL_AGG
                            ? call.rexList.get(0)
                            : rexBuilder.makeInputRef(counted, i));
        }
        RexProgram program =
                RexProgram.create(
                        counted.getRowType(), projects, null, aggregate.getRowType(), rexBuilder);
        return new LiteralAggregates(counted, program);
    }

    static RelDataType countType(TranslationContext context) {
        return context.typeFactory().createSqlType(SqlTypeName.BIGINT);
    }
}
