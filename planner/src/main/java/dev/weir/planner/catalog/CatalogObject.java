package dev.weir.planner.catalog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** Something a name in a query can refer to. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StreamDef.class, name = "stream"),
    @JsonSubTypes.Type(value = TableDef.class, name = "table"),
    @JsonSubTypes.Type(value = ViewDef.class, name = "view"),
    @JsonSubTypes.Type(value = MaterializedViewDef.class, name = "materialized_view")
})
public sealed interface CatalogObject permits StreamDef, TableDef, ViewDef, MaterializedViewDef {
    String name();

    /** The object's columns; for views, as of their creation. */
    List<ColumnDef> columns();

    /**
     * The columns a query reads: {@link #columns()}, and for a stream its processing-time attribute
     * too, which is not stored.
     */
    default List<ColumnDef> queryColumns() {
        return columns();
    }

    /** {@code STREAM}, {@code TABLE}, {@code VIEW} or {@code MATERIALIZED VIEW}. */
    String kindName();
}
