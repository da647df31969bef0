package dev.weir.engine;

import static java.util.Objects.requireNonNull;

import dev.weir.common.type.ValueType;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.physical.ValueTypes;
import dev.weir.planner.validate.CatalogSchema;
import dev.weir.planner.validate.WeirTypeSystem;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A result column: name, SQL type as shown to clients, physical type of its values.
 *
 * @param sqlType e.g. {@code TIMESTAMP(3)}, {@code DECIMAL(10, 2)}
 */
public record ResultColumn(
        String name, String sqlType, ValueType type, boolean nullable, int precision, int scale) {
    public ResultColumn {
        requireNonNull(name, "name is null");
        requireNonNull(sqlType, "sqlType is null");
        requireNonNull(type, "type is null");
    }

    /** The result column of a catalog object's column. */
    public static ResultColumn of(ColumnDef column) {
        return new ResultColumn(
                column.name(),
                sqlTypeOf(column),
                ValueTypes.of(
                        CatalogSchema.typeOf(
                                column, new JavaTypeFactoryImpl(WeirTypeSystem.INSTANCE))),
                column.nullable(),
                column.precision(),
                column.scale());
    }

    public static ResultColumn varchar(String name) {
        return new ResultColumn(name, "VARCHAR", ValueType.VARCHAR, true, -1, -1);
    }

    public static ResultColumn bigint(String name) {
        return new ResultColumn(name, "BIGINT", ValueType.BIGINT, true, -1, -1);
    }

    /** A catalog column's SQL type as clients are shown it: {@code DECIMAL(10, 2)}. */
    static String sqlTypeOf(ColumnDef c) {
        SqlTypeName type = SqlTypeName.valueOf(c.typeName());
        String name =
                type == SqlTypeName.CHAR
                                || type == SqlTypeName.VARCHAR
                                || type == SqlTypeName.DECIMAL
                                || type == SqlTypeName.TIMESTAMP
                                || type == SqlTypeName.TIME
                        ? type.getName()
                        : type.getName().replace('_', ' ');
        if (SqlTypeName.INTERVAL_TYPES.contains(type)) {
            return "INTERVAL "
                    + type.getStartUnit()
                    + (type.getEndUnit() != null && type.getEndUnit() != type.getStartUnit()
                            ? " TO " + type.getEndUnit()
                            : "");
        }
        if (c.precision() >= 0 && c.scale() >= 0) {
            return name + "(" + c.precision() + ", " + c.scale() + ")";
        }
        if (c.precision() >= 0) {
            return name + "(" + c.precision() + ")";
        }
        return name;
    }
}
