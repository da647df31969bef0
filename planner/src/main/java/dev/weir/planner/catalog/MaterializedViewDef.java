package dev.weir.planner.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A query maintained incrementally by a persistent job.
 *
 * @param sql the defining statement's query and EMIT clause, as Weir SQL
 * @param key the columns that identify a row of the view (an aggregate's group keys)
 */
public record MaterializedViewDef(
        String name, String sql, List<ColumnDef> columns, List<String> key)
        implements CatalogObject {
    public MaterializedViewDef {
        requireNonNull(name, "name is null");
        requireNonNull(sql, "sql is null");
        columns = List.copyOf(columns);
        key = List.copyOf(key);
    }

    @Override
    @JsonIgnore
    public String kindName() {
        return "MATERIALIZED VIEW";
    }
}
