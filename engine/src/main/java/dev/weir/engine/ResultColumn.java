package dev.weir.engine;

import static java.util.Objects.requireNonNull;

import dev.weir.common.type.ValueType;

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
    public static ResultColumn of(dev.weir.planner.catalog.ColumnDef column) {
        return Catalogs.resultColumn(column);
    }

    public static ResultColumn varchar(String name) {
        return new ResultColumn(name, "VARCHAR", ValueType.VARCHAR, true, -1, -1);
    }

    public static ResultColumn bigint(String name) {
        return new ResultColumn(name, "BIGINT", ValueType.BIGINT, true, -1, -1);
    }
}
