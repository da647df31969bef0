package dev.weir.planner.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Rewrites {@code SESSION(TABLE t PARTITION BY k, DESCRIPTOR(time), gap)} (DIALECT.md) into
 * Calcite's equivalent key form {@code SESSION(TABLE t, DESCRIPTOR(time), DESCRIPTOR(k), gap)}
 * before validation. Calcite declares SESSION's table argument row-semantic, so it rejects
 * PARTITION BY; the two forms mean the same: one session space per key.
 *
 * <p>The tree is changed in place (the {@code TABLE(...)} call gets the new SESSION call): copying
 * a whole SELECT with Calcite's shuttle loses parts of it.
 */
public final class SessionPartitionRewriter extends SqlBasicVisitor<Void> {
    public static SqlNode rewrite(SqlNode node) {
        node.accept(new SessionPartitionRewriter());
        return node;
    }

    @Override
    public Void visit(SqlCall call) {
        super.visit(call);
        if (call.getKind() == SqlKind.COLLECTION_TABLE
                && call.operandCount() == 1
                && call.operand(0) instanceof SqlCall function
                && isPartitionedSession(function)) {
            call.setOperand(0, keyForm(function));
        }
        return null;
    }

    private static boolean isPartitionedSession(SqlCall call) {
        return call.getOperator().getName().toUpperCase(Locale.ROOT).equals("SESSION")
                && call.operandCount() == 3
                && call.operand(0).getKind() == SqlKind.SET_SEMANTICS_TABLE
                && !((SqlNodeList) ((SqlCall) call.operand(0)).operand(1)).isEmpty();
    }

    private static SqlCall keyForm(SqlCall session) {
        SqlCall setTable = session.operand(0);
        SqlNodeList partition = setTable.operand(1);
        List<SqlNode> operands = new ArrayList<>();
        operands.add(setTable.operand(0));
        operands.add(session.operand(1));
        operands.add(
                new SqlBasicCall(
                        SqlStdOperatorTable.DESCRIPTOR,
                        partition.getList(),
                        partition.getParserPosition()));
        operands.add(session.operand(2));
        return session.getOperator().createCall(session.getParserPosition(), operands);
    }
}
