package dev.weir.planner.physical;

import java.util.Set;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Whether a program calls a function that reads the processing time: CURRENT_TIMESTAMP,
 * CURRENT_DATE, CURRENT_TIME, LOCALTIMESTAMP, LOCALTIME.
 */
final class ProcessingTimeCalls extends RexVisitorImpl<Boolean> {
    private static final Set<SqlOperator> TIME_FUNCTIONS =
            Set.of(
                    SqlStdOperatorTable.CURRENT_TIMESTAMP,
                    SqlStdOperatorTable.CURRENT_DATE,
                    SqlStdOperatorTable.CURRENT_TIME,
                    SqlStdOperatorTable.LOCALTIMESTAMP,
                    SqlStdOperatorTable.LOCALTIME);

    private ProcessingTimeCalls() {
        super(true);
    }

    static boolean in(RexProgram program) {
        ProcessingTimeCalls finder = new ProcessingTimeCalls();
        return program.getExprList().stream().anyMatch(e -> Boolean.TRUE.equals(e.accept(finder)));
    }

    @Override
    public Boolean visitCall(RexCall call) {
        if (TIME_FUNCTIONS.contains(call.getOperator())) {
            return true;
        }
        for (RexNode operand : call.getOperands()) {
            if (Boolean.TRUE.equals(operand.accept(this))) {
                return true;
            }
        }
        return false;
    }
}
