package dev.weir.planner.validate;

import java.util.List;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Calcite's standard conversion of calls, but AVG stays AVG. Calcite expands AVG(x) OVER (...) into
 * SUM(x) / COUNT(x) in the projection above the window, whose division truncates a DECIMAL where
 * the dialect's AVG rounds half away from zero to the result's scale (as GROUP BY's AVG, which does
 * not pass through here, does). Kept as a call, it is the window's own aggregate, computed by the
 * operators' AVG. Only OVER calls reach a convertlet as AVG: an aggregate of GROUP BY is converted
 * apart.
 */
final class WeirConvertlets implements SqlRexConvertletTable {
    static final WeirConvertlets INSTANCE = new WeirConvertlets();

    private WeirConvertlets() {}

    @Override
    public SqlRexConvertlet get(SqlCall call) {
        if (call.getKind() == SqlKind.AVG) {
            return (cx, avg) -> {
                List<RexNode> operands =
                        avg.getOperandList().stream().map(cx::convertExpression).toList();
                return cx.getRexBuilder()
                        .makeCall(
                                cx.getValidator().getValidatedNodeType(avg),
                                avg.getOperator(),
                                operands);
            };
        }
        return StandardConvertletTable.INSTANCE.get(call);
    }
}
