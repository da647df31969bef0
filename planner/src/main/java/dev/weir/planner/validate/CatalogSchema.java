package dev.weir.planner.validate;

import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.SystemTable;
import dev.weir.planner.catalog.ViewDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TemporalTable;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.InitializerExpressionFactory;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;
import org.apache.calcite.util.TimestampString;

/** The catalog as Calcite sees it: one table per catalog object, views expanded on use. */
public final class CatalogSchema extends AbstractSchema {
    private final Catalog catalog;
    private final boolean expandMaterializedViews;

    /**
     * @param expandMaterializedViews read a materialized view's query instead of its stored rows:
     *     when planning another materialized view, whose job then depends only on durable sources
     *     and can be checkpointed and replayed on its own
     */
    public CatalogSchema(Catalog catalog, boolean expandMaterializedViews) {
        this.catalog = catalog;
        this.expandMaterializedViews = expandMaterializedViews;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (CatalogObject object : catalog.all()) {
            tables.put(object.name(), tableOf(object, expandMaterializedViews));
        }
        return tables;
    }

    private static Table tableOf(CatalogObject object, boolean expandMaterializedViews) {
        if (object instanceof ViewDef view) {
            return new ViewTable(view.name(), view.sql(), view.columns());
        }
        if (expandMaterializedViews && object instanceof MaterializedViewDef view) {
            return new ViewTable(view.name(), view.query(), view.columns());
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

    /**
     * A relation {@code FOR SYSTEM_TIME AS OF} may name as far as Calcite's validator is concerned,
     * which accepts it only on a {@link TemporalTable}. Every relation of the catalog is one, so
     * that {@link TemporalJoinChecks} decides, with Weir's codes and messages, which are versioned
     * (streams with a watermark) and refuses the others. Calcite reads no period columns of them.
     */
    interface Versionable extends TemporalTable {
        @Override
        default String getSysStartFieldName() {
            throw new UnsupportedOperationException("Weir's relations have no period columns");
        }

        @Override
        default String getSysEndFieldName() {
            throw new UnsupportedOperationException("Weir's relations have no period columns");
        }
    }

    /** The {@code sys} schema: the tables the server declared, read as snapshots. */
    public static final class SystemSchema extends AbstractSchema {
        private final Catalog catalog;

        public SystemSchema(Catalog catalog) {
            this.catalog = catalog;
        }

        @Override
        protected Map<String, Table> getTableMap() {
            Map<String, Table> tables = new LinkedHashMap<>();
            for (SystemTable table : catalog.systemTables()) {
                tables.put(table.name(), new SystemTableTable(table));
            }
            return tables;
        }
    }

    /** A table of the {@code sys} schema. */
    public static final class SystemTableTable extends AbstractTable implements Versionable {
        private final SystemTable table;

        SystemTableTable(SystemTable table) {
            this.table = table;
        }

        public SystemTable table() {
            return table;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return rowTypeOf(table.columns(), typeFactory);
        }
    }

    /** A stream, table or materialized view. */
    public static final class ObjectTable extends AbstractTable implements Versionable {
        private final CatalogObject object;

        ObjectTable(CatalogObject object) {
            this.object = object;
        }

        public CatalogObject object() {
            return object;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return rowTypeOf(object.queryColumns(), typeFactory);
        }

        /**
         * A stream's processing-time attribute is a column with a default to Calcite, so that an
         * INSERT names only the stored columns; a query reads it as the scan's column, which the
         * stream's source translator computes.
         */
        @Override
        public <C> C unwrap(Class<C> clazz) {
            if (clazz == InitializerExpressionFactory.class
                    && object instanceof StreamDef stream
                    && stream.procTime().isPresent()) {
                return clazz.cast(new ProcTimeColumns(stream.procTimePosition()));
            }
            return super.unwrap(clazz);
        }
    }

    /**
     * Column strategies of a stream with a processing-time attribute: that column has a default, so
     * that an INSERT may leave it out (the planner names the stored columns as the INSERT's target
     * list and drops the default again: the attribute is not stored). Not Calcite's VIRTUAL, which
     * would replace the column by its default in every query that reads the stream.
     */
    private static final class ProcTimeColumns extends NullInitializerExpressionFactory {
        private final int procTimeField;

        ProcTimeColumns(int procTimeField) {
            this.procTimeField = procTimeField;
        }

        @Override
        public ColumnStrategy generationStrategy(RelOptTable table, int iColumn) {
            return iColumn == procTimeField
                    ? ColumnStrategy.DEFAULT
                    : super.generationStrategy(table, iColumn);
        }

        @Override
        public RexNode newColumnDefaultValue(
                RelOptTable table, int iColumn, InitializerContext context) {
            if (iColumn != procTimeField) {
                return super.newColumnDefaultValue(table, iColumn, context);
            }
            // A placeholder of the column's type, which the planner drops: nothing is stored.
            return context.getRexBuilder()
                    .makeTimestampLiteral(
                            TimestampString.fromMillisSinceEpoch(0), StreamDef.PROC_TIME_PRECISION);
        }
    }

    /** A view: its query is parsed, validated and converted where the view is used. */
    static final class ViewTable extends AbstractTable implements TranslatableTable, Versionable {
        private final String name;
        private final String sql;
        private final List<ColumnDef> columns;

        ViewTable(String name, String sql, List<ColumnDef> columns) {
            this.name = name;
            this.sql = sql;
            this.columns = columns;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return rowTypeOf(columns, typeFactory);
        }

        @Override
        public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
            return context.expandView(relOptTable.getRowType(), sql, List.of(), List.of(name)).rel;
        }
    }
}
