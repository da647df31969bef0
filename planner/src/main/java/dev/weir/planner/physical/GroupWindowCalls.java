package dev.weir.planner.physical;

import dev.weir.planner.validate.UnsupportedQueries;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;

/**
 * Refuses Calcite's legacy group-window functions ({@code GROUP BY TUMBLE(ts, size)}, {@code
 * TUMBLE_START}, ...) in a program about to be compiled: they have no implementation, so code
 * generation would fail on them. Validation refuses them with a position; this catches those it
 * cannot see, in a view's query.
 */
final class GroupWindowCalls extends RexVisitorImpl<Void> {
    private static final Set<SqlKind> GROUP_WINDOW_KINDS =
            EnumSet.of(
                    SqlKind.TUMBLE,
                    SqlKind.HOP,
                    SqlKind.SESSION,
                    SqlKind.TUMBLE_START,
                    SqlKind.TUMBLE_END,
                    SqlKind.HOP_START,
                    SqlKind.HOP_END,
                    SqlKind.SESSION_START,
                    SqlKind.SESSION_END);

    private GroupWindowCalls() {
        super(true);
    }

    /**
     * @throws dev.weir.common.error.WeirException UNSUPPORTED_STREAMING_QUERY, for the first such
     *     call
     */
    static void refuse(RexProgram program) {
        GroupWindowCalls finder = new GroupWindowCalls();
        for (RexNode e : program.getExprList()) {
            e.accept(finder);
        }
    }

    @Override
    public Void visitCall(RexCall call) {
        if (GROUP_WINDOW_KINDS.contains(call.getKind())) {
            // Calcite names the grouping call "$TUMBLE" once converted; the user wrote TUMBLE.
            throw UnsupportedQueries.groupWindowFunction(
                    call.getOperator().getName().replace("$", ""), Optional.empty());
        }
        return super.visitCall(call);
    }
}
