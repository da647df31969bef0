package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.common.type.ValueType;
import dev.weir.planner.exec.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/** Maps Calcite's SQL types to the executor's physical value types. */
public final class ValueTypes {
    private ValueTypes() {}

    public static ValueType of(RelDataType type) {
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
            default ->
                    throw Errors.notSupported(
                            Optional.empty(),
                            "Type "
                                    + type.getFullTypeString()
                                    + " is not supported in streams yet.");
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
}
