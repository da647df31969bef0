package dev.weir.planner.validate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Calcite's expression builder, except that a cast to an integer type truncates toward zero while
 * every other numeric cast rounds half away from zero ({@link WeirTypeSystem#roundingMode()}), as
 * in Flink SQL: {@code CAST(11.5 AS INTEGER)} is 11, {@code CAST(12.505 AS DECIMAL(10, 2))} is
 * 12.51. Calcite applies the type system's one rounding mode to both, and folds casts of constants
 * while it converts a query, so the cast of a number with a fraction to an integer type is built
 * here as the cast of its {@code TRUNCATE(x, 0)}: a constant folds to the same value a column gets.
 */
final class WeirRexBuilder extends RexBuilder {
    WeirRexBuilder(RelDataTypeFactory typeFactory) {
        super(typeFactory);
    }

    @Override
    public RexNode makeCast(
            SqlParserPos pos,
            RelDataType type,
            RexNode exp,
            boolean matchNullability,
            boolean safe,
            RexLiteral format) {
        RexNode operand = truncatesTo(type, exp) ? truncated(exp) : exp;
        return super.makeCast(pos, type, operand, matchNullability, safe, format);
    }

    /** A literal of an integer type made from a number with a fraction (VALUES of an INSERT). */
    @Override
    protected RexLiteral makeLiteral(Comparable value, RelDataType type, SqlTypeName typeName) {
        if (value instanceof BigDecimal number
                && number.scale() > 0
                && SqlTypeUtil.isIntType(type)) {
            return super.makeLiteral(number.setScale(0, RoundingMode.DOWN), type, typeName);
        }
        return super.makeLiteral(value, type, typeName);
    }

    /** Whether a cast of {@code exp} to {@code type} must drop a fraction toward zero first. */
    static boolean truncatesTo(RelDataType type, RexNode exp) {
        if (!SqlTypeUtil.isIntType(type) || isTruncation(exp)) {
            return false;
        }
        RelDataType from = exp.getType();
        return (from.getSqlTypeName() == SqlTypeName.DECIMAL && from.getScale() > 0)
                || SqlTypeUtil.isApproximateNumeric(from);
    }

    private RexNode truncated(RexNode exp) {
        return truncated(this, exp);
    }

    /** {@code TRUNCATE(exp, 0)}, of {@code exp}'s type. */
    static RexNode truncated(RexBuilder rexBuilder, RexNode exp) {
        return rexBuilder.makeCall(
                exp.getType(),
                SqlStdOperatorTable.TRUNCATE,
                List.of(exp, rexBuilder.makeExactLiteral(BigDecimal.ZERO)));
    }

    private static boolean isTruncation(RexNode exp) {
        return exp instanceof RexCall call && call.getOperator() == SqlStdOperatorTable.TRUNCATE;
    }
}
