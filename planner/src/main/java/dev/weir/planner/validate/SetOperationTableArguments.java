package dev.weir.planner.validate;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Wraps a table function's set-operation argument, {@code TUMBLE((SELECT ... UNION ALL SELECT ...),
 * ...)}, into {@code (SELECT * FROM (... UNION ALL ...))} before validation. Calcite turns each
 * branch of a set operation given directly as a table argument into an input of its own and loses
 * the operation (a window over {@code a UNION ALL b} read {@code a} only); as the FROM of a SELECT
 * the operation is converted whole. The two forms mean the same.
 *
 * <p>The tree is changed in place, as {@link SessionPartitionRewriter} does.
 */
public final class SetOperationTableArguments extends SqlBasicVisitor<Void> {
    public static SqlNode rewrite(SqlNode node) {
        node.accept(new SetOperationTableArguments());
        return node;
    }

    @Override
    public Void visit(SqlCall call) {
        super.visit(call);
        if (call.getKind() == SqlKind.COLLECTION_TABLE
                && call.operandCount() == 1
                && call.operand(0) instanceof SqlCall function
                && function.operandCount() > 0
                && function.operand(0) != null) {
            SqlNode table = function.operand(0);
            // Named (DATA => ...) or PARTITION BY'd, the table is the first operand of a call.
            boolean wrapped =
                    table.getKind() == SqlKind.ARGUMENT_ASSIGNMENT
                            || table.getKind() == SqlKind.SET_SEMANTICS_TABLE;
            SqlCall holder = wrapped ? (SqlCall) table : function;
            if (isSetOperation(holder.operand(0))) {
                holder.setOperand(0, selectAllFrom(holder.operand(0)));
            }
        }
        return null;
    }

    private static boolean isSetOperation(SqlNode node) {
        return node != null && node.isA(SqlKind.SET_QUERY);
    }

    private static SqlSelect selectAllFrom(SqlNode query) {
        SqlParserPos pos = query.getParserPosition();
        return new SqlSelect(
                pos,
                null,
                SqlNodeList.of(SqlIdentifier.star(pos)),
                query,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
