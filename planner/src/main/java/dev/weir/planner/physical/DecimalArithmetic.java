package dev.weir.planner.physical;

import dev.weir.common.function.DecimalDivision;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * DECIMAL arithmetic held to its SQL type: a result of {@code + - *} or unary minus with more
 * integer digits than its type allows (38 nines plus one, in a {@code DECIMAL(38, 0)}) is
 * NUMERIC_OVERFLOW instead of a 39-digit value, and a quotient has exactly its type's scale (a
 * {@code DECIMAL(10, 2)} 1.00 divided by 3 is {@code DECIMAL(21, 13)} 0.3333333333333), rounded
 * half away from zero as Flink SQL rounds it. Each such call is wrapped in a cast to its own type,
 * which Calcite's runtime checks for precision and rounds to scale; a division is first computed to
 * that scale by {@link DecimalDivision}, since Calcite's runtime divides to 16 significant digits.
 */
final class DecimalArithmetic extends RexShuttle {
    private static final Set<SqlKind> FITTED =
            Set.of(SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES, SqlKind.MINUS_PREFIX);
    private static final SqlUserDefinedFunction DIVIDE = divideFunction();

    private final RexBuilder rexBuilder;

    private DecimalArithmetic(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
    }

    /** {@code program} with its DECIMAL arithmetic held to its types. */
    static RexProgram of(RexProgram program, RexBuilder rexBuilder) {
        List<RexNode> projects =
                of(
                        program.getProjectList().stream().map(program::expandLocalRef).toList(),
                        rexBuilder);
        RexNode condition =
                program.getCondition() == null
                        ? null
                        : of(List.of(program.expandLocalRef(program.getCondition())), rexBuilder)
                                .get(0);
        return RexProgram.create(
                program.getInputRowType(),
                projects,
                condition,
                program.getOutputRowType(),
                rexBuilder);
    }

    /** {@code nodes} with their DECIMAL arithmetic held to its types. */
    static List<RexNode> of(List<RexNode> nodes, RexBuilder rexBuilder) {
        DecimalArithmetic shuttle = new DecimalArithmetic(rexBuilder);
        return nodes.stream().map(n -> n.accept(shuttle)).toList();
    }

    @Override
    public RexNode visitCall(RexCall call) {
        RexCall visited = (RexCall) super.visitCall(call);
        RelDataType type = visited.getType();
        if (type.getSqlTypeName() != SqlTypeName.DECIMAL) {
            return visited;
        }
        if (visited.getKind() == SqlKind.DIVIDE) {
            RexNode quotient =
                    rexBuilder.makeCall(
                            type,
                            DIVIDE,
                            List.of(
                                    asDecimal(visited.getOperands().get(0)),
                                    asDecimal(visited.getOperands().get(1)),
                                    rexBuilder.makeExactLiteral(
                                            BigDecimal.valueOf(type.getScale()))));
            return rexBuilder.makeAbstractCast(type, quotient, false);
        }
        if (FITTED.contains(visited.getKind())) {
            return rexBuilder.makeAbstractCast(type, visited, false);
        }
        return visited;
    }

    /** An exact operand as a DECIMAL of the digits its type can hold. */
    private RexNode asDecimal(RexNode operand) {
        RelDataType type = operand.getType();
        if (type.getSqlTypeName() == SqlTypeName.DECIMAL) {
            return operand;
        }
        RelDataType decimal = rexBuilder.getTypeFactory().decimalOf(type);
        return rexBuilder.makeAbstractCast(decimal, operand, false);
    }

    private static SqlUserDefinedFunction divideFunction() {
        try {
            return new SqlUserDefinedFunction(
                    new SqlIdentifier("WEIR_DECIMAL_DIVIDE", SqlParserPos.ZERO),
                    SqlKind.OTHER_FUNCTION,
                    ReturnTypes.ARG0_NULLABLE,
                    InferTypes.FIRST_KNOWN,
                    null,
                    ScalarFunctionImpl.create(
                            DecimalDivision.class.getMethod(
                                    "divide", BigDecimal.class, BigDecimal.class, int.class)));
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
