package dev.weir.planner.validate;

import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.ViewDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** The catalog as Calcite sees it: one table per catalog object, views expanded on use. */
public final class CatalogSchema extends AbstractSchema {
    private final Catalog catalog;

    public CatalogSchema(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (CatalogObject object : catalog.all()) {
            tables.put(object.name(), tableOf(object));
        }
        return tables;
    }

    private static Table tableOf(CatalogObject object) {
        if (object instanceof ViewDef view) {
            return new ViewTable(view);
        }
        return new ObjectTable(object);
    }

    /** The Calcite type of a column. */
    public static RelDataType typeOf(ColumnDef column, RelDataTypeFactory typeFactory) {
        SqlTypeName typeName = SqlTypeName.valueOf(column.typeName());
        RelDataType type;
        if (SqlTypeName.INTERVAL_TYPES.contains(typeName)) {
            type =
                    typeFactory.createSqlIntervalType(
                            new SqlIntervalQualifier(
                                    typeName.getStartUnit(),
                                    typeName.getEndUnit(),
                                    SqlParserPos.ZERO));
        } else if (column.precision() >= 0 && column.scale() >= 0) {
            type = typeFactory.createSqlType(typeName, column.precision(), column.scale());
        } else if (column.precision() >= 0) {
            type = typeFactory.createSqlType(typeName, column.precision());
        } else {
            type = typeFactory.createSqlType(typeName);
        }
        return typeFactory.createTypeWithNullability(type, column.nullable());
    }

    /** The column definition of a Calcite type. */
    public static ColumnDef columnOf(String name, RelDataType type) {
        SqlTypeName typeName = type.getSqlTypeName();
        int precision =
                typeName.allowsPrec() && type.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
                        ? type.getPrecision()
                        : -1;
        int scale =
                typeName.allowsScale() && type.getScale() != RelDataType.SCALE_NOT_SPECIFIED
                        ? type.getScale()
                        : -1;
        if (SqlTypeName.INTERVAL_TYPES.contains(typeName)) {
            precision = -1;
            scale = -1;
        }
        return new ColumnDef(name, typeName.name(), precision, scale, type.isNullable());
    }

    static RelDataType rowTypeOf(List<ColumnDef> columns, RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        for (ColumnDef column : columns) {
            builder.add(column.name(), typeOf(column, typeFactory));
        }
        return builder.build();
    }

    /** A stream, table or materialized view. */
    public static final class ObjectTable extends AbstractTable {
        private final CatalogObject object;

        ObjectTable(CatalogObject object) {
            this.object = object;
        }

        public CatalogObject object() {
            return object;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return rowTypeOf(object.columns(), typeFactory);
        }
    }

    /** A view: its query is parsed, validated and converted where the view is used. */
    static final class ViewTable extends AbstractTable implements TranslatableTable {
        private final ViewDef view;

        ViewTable(ViewDef view) {
            this.view = view;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return rowTypeOf(view.columns(), typeFactory);
        }

        @Override
        public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
            return context.expandView(
                            relOptTable.getRowType(), view.sql(), List.of(), List.of(view.name()))
                    .rel;
        }
    }
}
