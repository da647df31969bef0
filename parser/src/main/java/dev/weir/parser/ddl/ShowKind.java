package dev.weir.parser.ddl;

/** What a SHOW statement lists. */
public enum ShowKind {
    STREAMS,
    TABLES,
    VIEWS,
    MATERIALIZED_VIEWS,
    QUERIES,
    FUNCTIONS;

    /** As written in SQL: {@code MATERIALIZED VIEWS}. */
    public String sql() {
        return name().replace('_', ' ');
    }
}
