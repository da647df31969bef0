package dev.weir.planner.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** A named query, expanded where it is used. */
public record ViewDef(String name, String sql, List<ColumnDef> columns) implements CatalogObject {
    public ViewDef {
        requireNonNull(name, "name is null");
        requireNonNull(sql, "sql is null");
        columns = List.copyOf(columns);
    }

    @Override
    @JsonIgnore
    public String kindName() {
        return "VIEW";
    }
}
