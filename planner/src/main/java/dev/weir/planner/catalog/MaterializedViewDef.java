package dev.weir.planner.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A query maintained incrementally by a persistent job, its rows kept in the state store.
 *
 * @param sql the defining statement's query and EMIT clause, as Weir SQL: what the job runs
 * @param query the query alone, for a view over this one to expand
 * @param key the columns that identify a row of the view (an aggregate's group keys); empty when
 *     rows have no key and the view is a multiset
 * @param appendOnly whether rows are only ever added (no update or delete reaches the view)
 */
public record MaterializedViewDef(
        String name,
        String sql,
        String query,
        List<ColumnDef> columns,
        List<String> key,
        boolean appendOnly)
        implements CatalogObject {
    public MaterializedViewDef {
        requireNonNull(name, "name is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(query, "query is null");
        columns = List.copyOf(columns);
        key = List.copyOf(key);
    }

    @Override
    @JsonIgnore
    public String kindName() {
        return "MATERIALIZED VIEW";
    }
}
