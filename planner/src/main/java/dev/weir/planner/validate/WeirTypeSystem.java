package dev.weir.planner.validate;

import java.math.RoundingMode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system, with TIMESTAMP and TIME defaulting to millisecond precision, DECIMALs of
 * up to 38 digits, CHARs of different lengths meeting as VARCHAR, and numeric casts and literals
 * rounding half away from zero where they lose digits (Flink's and PostgreSQL's rule, and the one
 * the file and Kafka sources apply); casts to an integer type still truncate ({@link
 * IntegerCastTruncation}).
 */
public final class WeirTypeSystem extends RelDataTypeSystemImpl {
    public static final WeirTypeSystem INSTANCE = new WeirTypeSystem();

    private static final int MAX_DECIMAL_DIGITS = 38;

    private WeirTypeSystem() {}

    @Override
    public RoundingMode roundingMode() {
        return RoundingMode.HALF_UP;
    }

    /** DECIMAL holds up to 38 digits, of which up to 38 after the point, as in Flink SQL. */
    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL
                ? MAX_DECIMAL_DIGITS
                : super.getMaxPrecision(typeName);
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_DIGITS : super.getMaxScale(typeName);
    }

    /**
     * The common type of CHARs of different lengths (the branches of a CASE, the arguments of
     * COALESCE, the inputs of a UNION) is a VARCHAR, so {@code COALESCE('i', 'abc')} is {@code
     * 'i'}, not {@code 'i '}, as in Flink SQL and PostgreSQL.
     */
    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }

    /**
     * {@code SUM} of a {@code DECIMAL(p, s)} is a {@code DECIMAL(38, s)}, as in Flink SQL: a sum
     * has room for the digits its many values add up to, and one beyond even that is
     * NUMERIC_OVERFLOW. Integer sums keep their type (Flink's rule too) and are checked likewise.
     */
    @Override
    public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        if (argumentType.getSqlTypeName() != SqlTypeName.DECIMAL) {
            return super.deriveSumType(typeFactory, argumentType);
        }
        return typeFactory.createTypeWithNullability(
                typeFactory.createSqlType(
                        SqlTypeName.DECIMAL, MAX_DECIMAL_DIGITS, argumentType.getScale()),
                argumentType.isNullable());
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case TIMESTAMP, TIME, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 3;
            default -> super.getDefaultPrecision(typeName);
        };
    }
}
