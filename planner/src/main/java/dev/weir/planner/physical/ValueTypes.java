package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.common.type.ValueType;
import dev.weir.plan.FieldSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexLiteral;

/** Maps Calcite's SQL types to the executor's physical value types. */
public final class ValueTypes {
    private ValueTypes() {}

    /** Whether values of {@code type} can be held at all (what {@link #of} does not refuse). */
    public static boolean isSupported(RelDataType type) {
        return physical(type) != null;
    }

    public static ValueType of(RelDataType type) {
        ValueType physical = physical(type);
        if (physical == null) {
            throw Errors.notSupported(
                    Optional.empty(),
                    "Type " + type.getFullTypeString() + " is not supported in streams yet.");
        }
        return physical;
    }

    private static ValueType physical(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> ValueType.BOOLEAN;
            case TINYINT -> ValueType.TINYINT;
            case SMALLINT -> ValueType.SMALLINT;
            case INTEGER -> ValueType.INTEGER;
            case BIGINT -> ValueType.BIGINT;
            case DECIMAL -> ValueType.DECIMAL;
            case REAL -> ValueType.REAL;
            case FLOAT, DOUBLE -> ValueType.DOUBLE;
            case CHAR, VARCHAR -> ValueType.VARCHAR;
            case DATE -> ValueType.DATE;
            case TIME -> ValueType.TIME;
            case TIMESTAMP -> ValueType.TIMESTAMP;
            case INTERVAL_DAY,
                    INTERVAL_DAY_HOUR,
                    INTERVAL_DAY_MINUTE,
                    INTERVAL_DAY_SECOND,
                    INTERVAL_HOUR,
                    INTERVAL_HOUR_MINUTE,
                    INTERVAL_HOUR_SECOND,
                    INTERVAL_MINUTE,
                    INTERVAL_MINUTE_SECOND,
                    INTERVAL_SECOND ->
                    ValueType.INTERVAL_DAY_TIME;
            case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH ->
                    ValueType.INTERVAL_YEAR_MONTH;
            default -> null;
        };
    }

    public static List<FieldSpec> fieldsOf(RelDataType rowType) {
        List<FieldSpec> fields = new ArrayList<>();
        for (RelDataTypeField field : rowType.getFieldList()) {
            fields.add(
                    new FieldSpec(
                            field.getName(), of(field.getType()), field.getType().isNullable()));
        }
        return fields;
    }

    /** A literal as the executor holds a value of {@code type} (see {@code Row}); NULL is null. */
    public static Object internalValue(RexLiteral literal, ValueType type) {
        if (literal.isNull()) {
            return null;
        }
        return switch (type) {
            case BOOLEAN -> literal.getValueAs(Boolean.class);
            case TINYINT -> literal.getValueAs(BigDecimal.class).byteValueExact();
            case SMALLINT -> literal.getValueAs(BigDecimal.class).shortValueExact();
            case INTEGER -> literal.getValueAs(BigDecimal.class).intValueExact();
            case BIGINT -> literal.getValueAs(BigDecimal.class).longValueExact();
            case DECIMAL -> literal.getValueAs(BigDecimal.class);
            case REAL -> literal.getValueAs(BigDecimal.class).floatValue();
            case DOUBLE -> literal.getValueAs(Double.class);
            case VARCHAR -> literal.getValueAs(String.class);
            case DATE, TIME -> literal.getValueAs(Integer.class);
            case TIMESTAMP -> literal.getValueAs(Long.class);
            case INTERVAL_DAY_TIME -> literal.getValueAs(Long.class);
            case INTERVAL_YEAR_MONTH -> literal.getValueAs(Integer.class);
        };
    }
}
