package dev.weir.planner.physical;

import java.util.List;
import java.util.Map;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Integer arithmetic that fails on overflow instead of wrapping: {@code +, -, *, /}, unary minus
 * and {@code ABS} over TINYINT, SMALLINT, INTEGER and BIGINT become Calcite's CHECKED_ operators
 * (ABS as a checked negation of a negative argument: the ABS of the type's least value does not fit
 * it), whose runtime throws an {@link ArithmeticException} the executor reports as NUMERIC_OVERFLOW
 * (SQLSTATE 22003), as the SQL standard and PostgreSQL do. DECIMAL arithmetic is exact and needs
 * none; DOUBLE overflows to infinity as IEEE 754 says.
 */
public final class CheckedArithmetic extends RexShuttle {
    private static final Map<SqlKind, SqlOperator> CHECKED =
            Map.of(
                    SqlKind.PLUS, SqlStdOperatorTable.CHECKED_PLUS,
                    SqlKind.MINUS, SqlStdOperatorTable.CHECKED_MINUS,
                    SqlKind.TIMES, SqlStdOperatorTable.CHECKED_MULTIPLY,
                    SqlKind.DIVIDE, SqlStdOperatorTable.CHECKED_DIVIDE,
                    SqlKind.MINUS_PREFIX, SqlStdOperatorTable.CHECKED_UNARY_MINUS);
    private static final List<SqlTypeName> INTEGERS =
            List.of(
                    SqlTypeName.TINYINT,
                    SqlTypeName.SMALLINT,
                    SqlTypeName.INTEGER,
                    SqlTypeName.BIGINT);

    private final RexBuilder rexBuilder;
    private boolean changed;

    private CheckedArithmetic(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
    }

    /** {@code program} with checked integer arithmetic; the same program when it has none. */
    static RexProgram of(RexProgram program, RexBuilder rexBuilder) {
        CheckedArithmetic shuttle = new CheckedArithmetic(rexBuilder);
        List<RexNode> projects =
                program.getProjectList().stream()
                        .map(p -> program.expandLocalRef(p).accept(shuttle))
                        .toList();
        RexNode condition =
                program.getCondition() == null
                        ? null
                        : program.expandLocalRef(program.getCondition()).accept(shuttle);
        if (!shuttle.changed) {
            return program;
        }
        return RexProgram.create(
                program.getInputRowType(),
                projects,
                condition,
                program.getOutputRowType(),
                rexBuilder);
    }

    /**
     * {@code nodes} with checked integer arithmetic and DECIMAL arithmetic held to its types
     * ({@link DecimalArithmetic}): what a calc's code gets, for expressions evaluated elsewhere
     * (the constants of {@code INSERT ... VALUES}).
     */
    public static List<RexNode> ofConstants(List<RexNode> nodes, RexBuilder rexBuilder) {
        CheckedArithmetic shuttle = new CheckedArithmetic(rexBuilder);
        return DecimalArithmetic.of(
                nodes.stream().map(n -> n.accept(shuttle)).toList(), rexBuilder);
    }

    @Override
    public RexNode visitCall(RexCall call) {
        RexCall visited = (RexCall) super.visitCall(call);
        if (visited.getOperator() == SqlStdOperatorTable.ABS
                && INTEGERS.contains(visited.getType().getSqlTypeName())) {
            return checkedAbs(visited);
        }
        SqlOperator checked = CHECKED.get(visited.getKind());
        if (checked == null
                || !INTEGERS.contains(visited.getType().getSqlTypeName())
                || !visited.getOperands().stream()
                        .allMatch(o -> INTEGERS.contains(o.getType().getSqlTypeName()))) {
            return visited;
        }
        changed = true;
        return rexBuilder.makeCall(visited.getType(), checked, visited.getOperands());
    }

    /** {@code CASE WHEN x < 0 THEN CHECKED_UNARY_MINUS(x) ELSE x END}, typed as the ABS was. */
    private RexNode checkedAbs(RexCall abs) {
        changed = true;
        RexNode x = abs.getOperands().get(0);
        RexNode negative =
                rexBuilder.makeCall(
                        SqlStdOperatorTable.LESS_THAN, x, rexBuilder.makeZeroLiteral(x.getType()));
        RexNode negated =
                rexBuilder.makeCall(
                        abs.getType(), SqlStdOperatorTable.CHECKED_UNARY_MINUS, List.of(x));
        return rexBuilder.makeCall(
                abs.getType(), SqlStdOperatorTable.CASE, List.of(negative, negated, x));
    }
}
