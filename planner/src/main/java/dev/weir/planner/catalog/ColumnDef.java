package dev.weir.planner.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A column of a catalog object, its type kept as Calcite's type name with precision and scale, so
 * that it persists as plain JSON and rebuilds the same {@code RelDataType}.
 *
 * @param name as written by the user
 * @param typeName a {@code SqlTypeName} name, e.g. {@code DECIMAL}
 * @param precision the precision, or -1 for the type's default
 * @param scale the scale, or -1 for none
 */
public record ColumnDef(String name, String typeName, int precision, int scale, boolean nullable) {
    public ColumnDef {
        requireNonNull(name, "name is null");
        requireNonNull(typeName, "typeName is null");
    }
}
