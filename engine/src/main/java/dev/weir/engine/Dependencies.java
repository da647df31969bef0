package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import dev.weir.parser.WeirParser;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.ViewDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/** Which views and materialized views read an object: DROP refuses while any does. */
final class Dependencies {
    private Dependencies() {}

    /** The views and materialized views whose queries read {@code name}, by name. */
    static List<String> dependentsOf(String name, Catalog catalog) {
        List<String> dependents = new ArrayList<>();
        for (CatalogObject object : catalog.all()) {
            String sql;
            if (object instanceof ViewDef view) {
                sql = view.sql();
            } else if (object instanceof MaterializedViewDef view) {
                sql = view.sql();
            } else {
                continue;
            }
            if (!object.name().equalsIgnoreCase(name)
                    && tablesRead(sql).contains(name.toLowerCase(Locale.ROOT))) {
                dependents.add(
                        object.kindName().toLowerCase(Locale.ROOT) + " '" + object.name() + "'");
            }
        }
        return dependents;
    }

    /**
     * Refuses to replace the view {@code view} while a persistent query reads it (directly or
     * through other views): such a query keeps the state of the view's present definition, and is
     * planned again from the catalog on a restart, so it would silently change meaning then.
     *
     * @throws WeirException OBJECT_IN_USE naming the readers
     */
    static void checkReplaceable(
            String view,
            Catalog catalog,
            List<InsertQueries.Running> inserts,
            Optional<Position> position) {
        java.util.Map<String, String> insertQueries = new java.util.LinkedHashMap<>();
        for (InsertQueries.Running query : inserts) {
            insertQueries.put(query.id(), query.sql());
        }
        List<String> readers = persistentReadersOf(view, catalog, insertQueries);
        if (!readers.isEmpty()) {
            throw new WeirException(
                    ErrorCode.OBJECT_IN_USE,
                    position,
                    "Cannot replace view '"
                            + view
                            + "': "
                            + String.join(", ", readers)
                            + (readers.size() == 1 ? " reads" : " read")
                            + " it, and keeps what it computed from its present definition. Drop"
                            + " (or, for a query, cancel) "
                            + (readers.size() == 1 ? "that" : "those")
                            + " first, or create the new definition under another name.");
        }
    }

    /**
     * The materialized views and INSERT ... SELECT queries that read {@code name}, directly or
     * through plain views (which are expanded where used), by name.
     *
     * @param insertQueries the running INSERT ... SELECT queries' SQL by id
     */
    static List<String> persistentReadersOf(
            String name, Catalog catalog, java.util.Map<String, String> insertQueries) {
        Set<String> read = new TreeSet<>(List.of(name.toLowerCase(Locale.ROOT)));
        boolean grew = true;
        while (grew) { // the plain views reading what is read, until none is added
            grew = false;
            for (CatalogObject object : catalog.all()) {
                if (object instanceof ViewDef view
                        && !read.contains(view.name().toLowerCase(Locale.ROOT))
                        && tablesRead(view.sql()).stream().anyMatch(read::contains)) {
                    grew = read.add(view.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<String> readers = new ArrayList<>();
        for (CatalogObject object : catalog.all()) {
            if (object instanceof MaterializedViewDef view
                    && tablesRead(view.sql()).stream().anyMatch(read::contains)) {
                readers.add("materialized view '" + view.name() + "'");
            }
        }
        insertQueries.forEach(
                (id, sql) -> {
                    if (tablesRead(sql).stream().anyMatch(read::contains)) {
                        readers.add("query '" + id + "'");
                    }
                });
        return readers;
    }

    /** The names (lower case) in FROM clauses of {@code sql}, subqueries included. */
    static Set<String> tablesRead(String sql) {
        Set<String> tables = new TreeSet<>();
        SqlNode node = WeirParser.parseStatement(sql);
        node.accept(
                new SqlBasicVisitor<Void>() {
                    @Override
                    public Void visit(SqlCall call) {
                        if (call instanceof SqlSelect select && select.getFrom() != null) {
                            collectFrom(select.getFrom(), tables);
                        }
                        return super.visit(call);
                    }
                });
        return tables;
    }

    private static void collectFrom(SqlNode from, Set<String> tables) {
        if (from instanceof SqlIdentifier id) {
            tables.add(id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT));
        } else if (from instanceof SqlJoin join) {
            collectFrom(join.getLeft(), tables);
            collectFrom(join.getRight(), tables);
        } else if (from instanceof SqlBasicCall call) {
            if (call.getKind() == SqlKind.AS
                    || call.getKind() == SqlKind.EXPLICIT_TABLE
                    || call.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
                collectFrom(call.operand(0), tables);
            } else if (call.getKind() != SqlKind.DESCRIPTOR) {
                for (SqlNode operand : call.getOperandList()) {
                    if (operand != null) {
                        collectFrom(operand, tables);
                    }
                }
            }
        } else if (from instanceof SqlCall call && !(from instanceof SqlSelect)) {
            for (SqlNode operand : call.getOperandList()) {
                if (operand != null) {
                    collectFrom(operand, tables);
                }
            }
        }
    }
}
