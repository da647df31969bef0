package dev.weir.planner.validate;

import java.math.RoundingMode;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system, with TIMESTAMP and TIME defaulting to millisecond precision, and DECIMAL
 * values brought to a smaller scale rounded half up (as SQL engines do: PostgreSQL, DuckDB, Flink),
 * where Calcite's default truncates: {@code CAST(12.505 AS DECIMAL(10, 2))} is 12.51, as the same
 * text read from a file is.
 */
public final class WeirTypeSystem extends RelDataTypeSystemImpl {
    public static final WeirTypeSystem INSTANCE = new WeirTypeSystem();

    private WeirTypeSystem() {}

    @Override
    public RoundingMode roundingMode() {
        return RoundingMode.HALF_UP;
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case TIMESTAMP, TIME, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 3;
            default -> super.getDefaultPrecision(typeName);
        };
    }
}
