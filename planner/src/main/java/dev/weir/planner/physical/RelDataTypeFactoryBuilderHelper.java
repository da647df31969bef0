package dev.weir.planner.physical;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Builds row types field by field. */
final class RelDataTypeFactoryBuilderHelper {
    private final RelDataTypeFactory typeFactory;
    private final RelDataTypeFactory.Builder builder;

    RelDataTypeFactoryBuilderHelper(RelDataTypeFactory typeFactory) {
        this.typeFactory = typeFactory;
        this.builder = typeFactory.builder();
    }

    RelDataType timestamp() {
        return typeFactory.createSqlType(SqlTypeName.TIMESTAMP, 3);
    }

    void add(String name, RelDataType type) {
        builder.add(name, type);
    }

    RelDataType build() {
        return builder.build();
    }
}
