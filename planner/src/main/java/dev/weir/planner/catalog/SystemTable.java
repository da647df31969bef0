package dev.weir.planner.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A read-only table of the {@code sys} schema ({@code sys.queries}, {@code sys.streams}, ...): what
 * the server knows about itself, as rows a BI tool can browse and query. Its rows are made by the
 * server when a query reads it; it is not stored in the catalog's file.
 */
public record SystemTable(String name, List<ColumnDef> columns) {
    /**
     * The schema system tables live in. Not {@code system}: SYSTEM is a reserved word of SQL (and
     * of Calcite's parser), so every query would have to quote it.
     */
    public static final String SCHEMA = "sys";

    public SystemTable {
        requireNonNull(name, "name is null");
        columns = List.copyOf(columns);
    }
}
