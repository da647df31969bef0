package dev.weir.planner.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/** A keyed, updatable relation. */
public record TableDef(
        String name, List<ColumnDef> columns, List<String> primaryKey, Map<String, String> options)
        implements CatalogObject {
    public TableDef {
        requireNonNull(name, "name is null");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        options = Map.copyOf(options);
    }

    @Override
    @JsonIgnore
    public String kindName() {
        return "TABLE";
    }
}
