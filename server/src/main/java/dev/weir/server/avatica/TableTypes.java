package dev.weir.server.avatica;

import java.util.List;

/**
 * The TABLE_TYPE getTables reports for a catalog object. Weir's own types are STREAM, TABLE, VIEW
 * and MATERIALIZED VIEW, and a client that asks for all types, or names Weir's, gets them. Most BI
 * tools (SchemaCrawler, Tableau, Power BI) ask only for TABLE and VIEW, and would list nothing of a
 * stream's or a materialized view's: to them a stream is reported as a TABLE and a materialized
 * view as a VIEW (REMARKS still says which it is). No object is listed twice in one answer.
 */
final class TableTypes {
    private TableTypes() {}

    /** The type to report for an object of {@code kind}, or null to leave it out. */
    static String reported(String kind, List<String> requested) {
        if (requested == null || requested.contains(kind)) {
            return kind;
        }
        String standIn =
                switch (kind) {
                    case "STREAM" -> "TABLE";
                    case "MATERIALIZED VIEW" -> "VIEW";
                    default -> null;
                };
        return standIn != null && requested.contains(standIn) ? standIn : null;
    }
}
