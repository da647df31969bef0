package dev.weir.planner.validate;

import dev.weir.common.error.Errors;
import dev.weir.parser.Positions;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Refuses the SQL standard's session functions ({@code USER}, {@code CURRENT_SCHEMA}, ...): a query
 * runs inside the engine, apart from the connection that sent it, so there is no session user, role
 * or path to answer with. Without this check they would reach generated code that has nothing to
 * read them from.
 */
final class SessionFunctions extends SqlBasicVisitor<Void> {
    static final Set<SqlOperator> SESSION_FUNCTIONS =
            Set.of(
                    SqlStdOperatorTable.USER,
                    SqlStdOperatorTable.CURRENT_USER,
                    SqlStdOperatorTable.SESSION_USER,
                    SqlStdOperatorTable.SYSTEM_USER,
                    SqlStdOperatorTable.CURRENT_ROLE,
                    SqlStdOperatorTable.CURRENT_PATH,
                    SqlStdOperatorTable.CURRENT_CATALOG,
                    SqlStdOperatorTable.CURRENT_SCHEMA);

    private SessionFunctions() {}

    /**
     * @throws dev.weir.common.error.WeirException NOT_SUPPORTED, at the first session function
     */
    static void refuse(SqlNode validated) {
        validated.accept(new SessionFunctions());
    }

    @Override
    public Void visit(SqlCall call) {
        if (SESSION_FUNCTIONS.contains(call.getOperator())) {
            throw Errors.notSupported(
                    java.util.Optional.of(Positions.of(call.getParserPosition())),
                    call.getOperator().getName()
                            + " is not supported: a query has no session user, role, path or"
                            + " schema in Weir (the catalog is always 'weir', its schema 'weir').");
        }
        return super.visit(call);
    }
}
