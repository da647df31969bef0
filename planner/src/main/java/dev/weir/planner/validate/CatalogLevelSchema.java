package dev.weir.planner.validate;

import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.SystemTable;
import java.util.Map;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The catalog {@code weir}, as JDBC metadata advertises it, holding the schemas {@code weir} (the
 * user's streams, tables and views) and {@code sys}. BI tools qualify names fully ({@code
 * "weir"."weir"."category"}, {@code weir.sys.queries}); people write {@code weir.category} or just
 * {@code category}. Calcite resolves a name from the root or from the default path ({@code weir}),
 * so this one schema, added to the root as {@code weir} and on the default path, answers all of
 * them: its sub-schemas take three-part names, and its own tables, the user schema's, take two-part
 * and one-part names.
 */
public final class CatalogLevelSchema extends AbstractSchema {
    /** The catalog's name, and also its user schema's. */
    public static final String CATALOG = "weir";

    private final CatalogSchema objects;
    private final CatalogSchema.SystemSchema system;

    /**
     * @param expandMaterializedViews as for {@link CatalogSchema}
     */
    public CatalogLevelSchema(Catalog catalog, boolean expandMaterializedViews) {
        this.objects = new CatalogSchema(catalog, expandMaterializedViews);
        this.system = new CatalogSchema.SystemSchema(catalog);
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return objects.getTableMap();
    }

    @Override
    protected Map<String, Schema> getSubSchemaMap() {
        return Map.of(CATALOG, objects, SystemTable.SCHEMA, system);
    }
}
