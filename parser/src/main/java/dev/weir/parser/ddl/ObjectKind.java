package dev.weir.parser.ddl;

import java.util.Locale;

/** The kinds of catalog object a statement can create, drop or describe. */
public enum ObjectKind {
    STREAM,
    TABLE,
    VIEW,
    MATERIALIZED_VIEW;

    /** As written in SQL: {@code MATERIALIZED VIEW}. */
    public String sql() {
        return name().replace('_', ' ');
    }

    /** As written in prose: {@code materialized view}. */
    public String prose() {
        return sql().toLowerCase(Locale.ROOT);
    }
}
