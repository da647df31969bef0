package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import dev.weir.parser.Positions;
import dev.weir.parser.ddl.SqlCreateMaterializedView;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateTable;
import dev.weir.parser.ddl.SqlCreateView;
import dev.weir.parser.ddl.SqlDropObject;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import dev.weir.planner.catalog.ViewDef;
import dev.weir.planner.ddl.DdlTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlNode;

/**
 * CREATE and DROP of streams, tables, views and materialized views. The catalog entry is the commit
 * point of each: DROP removes it before the object's files, so a crash in between leaves only files
 * that the next start deletes ({@link DataDirectory}); DROP refuses while a view or a persistent
 * query reads the object ({@link Dependencies}).
 */
final class DdlHandler implements StatementHandler {
    private final EngineContext context;

    DdlHandler(EngineContext context) {
        this.context = context;
    }

    @Override
    public StatementResult execute(SqlNode statement, String sql) {
        if (statement instanceof SqlCreateStream create) {
            return createStream(create);
        }
        if (statement instanceof SqlCreateTable create) {
            return createTable(create);
        }
        if (statement instanceof SqlCreateView create) {
            return createView(create);
        }
        if (statement instanceof SqlCreateMaterializedView create) {
            return createMaterializedView(create);
        }
        if (statement instanceof SqlDropObject drop) {
            return drop(drop);
        }
        throw new IllegalArgumentException("Not a CREATE or DROP: " + statement.getKind());
    }

    private StatementResult createStream(SqlCreateStream create) {
        StreamDef stream = new Planner(context.catalog()).stream(create);
        if (!stream.isInternal()) {
            context.connectors().validate(stream);
        }
        synchronized (context.catalog()) {
            if (stream.isInternal() && context.catalog().find(stream.name()).isEmpty()) {
                // The log of a dropped stream of this name whose files outlived its catalog
                // entry (a failed delete): a new stream starts empty, never with its events.
                context.streams().drop(stream.name());
            }
            return createObject(stream, create.ifNotExists());
        }
    }

    private StatementResult createTable(SqlCreateTable create) {
        TableDef table = new Planner(context.catalog()).table(create);
        if (!table.options().isEmpty()) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(create.name().getParserPosition())),
                    "Tables are kept by Weir and take no WITH options yet; to read a connector,"
                            + " CREATE STREAM with them, and keep its latest rows per key with a"
                            + " materialized view.");
        }
        synchronized (context.catalog()) {
            boolean exists = context.catalog().find(table.name()).isPresent();
            StatementResult result = createObject(table, create.ifNotExists());
            if (!exists) {
                context.tables().create(table);
            }
            return result;
        }
    }

    private StatementResult createView(SqlCreateView create) {
        var view = new Planner(context.catalog()).view(create);
        Optional<CatalogObject> existing = context.catalog().find(view.name());
        if (existing.isPresent()) {
            if (create.getReplace() && existing.get() instanceof ViewDef) {
                Dependencies.checkReplaceable(
                        view.name(),
                        context.catalog(),
                        context.inserts().running(),
                        Optional.of(Positions.of(create.name().getParserPosition())));
                context.catalog().put(view);
                return new StatementResult.Update("View '" + view.name() + "' replaced.", 0);
            }
            if (create.ifNotExists()) {
                return new StatementResult.Update("View '" + view.name() + "' already exists.", 0);
            }
            throw Errors.alreadyExists(
                    Optional.of(Positions.of(create.name().getParserPosition())),
                    existing.get().kindName().toLowerCase(Locale.ROOT),
                    view.name());
        }
        context.catalog().add(view);
        return new StatementResult.Update("View '" + view.name() + "' created.", 0);
    }

    private StatementResult createMaterializedView(SqlCreateMaterializedView create) {
        synchronized (context.catalog()) {
            String name = DdlTranslator.simpleName(create.name());
            Optional<CatalogObject> existing = context.catalog().find(name);
            if (existing.isPresent()) {
                if (create.ifNotExists()) {
                    return new StatementResult.Update(
                            "Materialized view '" + name + "' already exists.", 0);
                }
                throw Errors.alreadyExists(
                        Optional.of(Positions.of(create.name().getParserPosition())),
                        existing.get().kindName().toLowerCase(Locale.ROOT),
                        existing.get().name());
            }
            Planner.MaterializedViewPlan plan = Planner.materializedView(create, context.catalog());
            context.memory().admit(Optional.of(Positions.of(create.getParserPosition())));
            try (QueryLimit.Admission admitted =
                    context.queryLimit()
                            .admit(
                                    context::runningQueries,
                                    Optional.of(Positions.of(create.getParserPosition())))) {
                context.views().create(plan.definition(), plan.query());
            }
            return new StatementResult.Update(
                    "Materialized view '" + plan.definition().name() + "' created.", 0);
        }
    }

    private StatementResult createObject(CatalogObject object, boolean ifNotExists) {
        synchronized (context.catalog()) {
            Optional<CatalogObject> existing = context.catalog().find(object.name());
            String kind = object.kindName().toLowerCase(Locale.ROOT);
            if (existing.isPresent()) {
                if (ifNotExists) {
                    return new StatementResult.Update(
                            capitalized(kind) + " '" + object.name() + "' already exists.", 0);
                }
                throw Errors.alreadyExists(
                        Optional.empty(),
                        existing.get().kindName().toLowerCase(Locale.ROOT),
                        object.name());
            }
            context.catalog().add(object);
            return new StatementResult.Update(
                    capitalized(kind) + " '" + object.name() + "' created.", 0);
        }
    }

    private static String capitalized(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private StatementResult drop(SqlDropObject drop) {
        String name = DdlTranslator.simpleName(drop.name());
        Optional<CatalogObject> existing = context.catalog().find(name);
        String kind = drop.objectKind().prose();
        if (existing.isEmpty()) {
            if (drop.ifExists()) {
                return new StatementResult.Update(
                        capitalized(kind) + " '" + name + "' does not exist.", 0);
            }
            throw Errors.tableNotFound(
                    Optional.of(Positions.of(drop.name().getParserPosition())), name);
        }
        CatalogObject object = existing.get();
        if (!object.kindName().equals(drop.objectKind().sql())) {
            throw new WeirException(
                    ErrorCode.VALIDATION_ERROR,
                    Optional.of(Positions.of(drop.name().getParserPosition())),
                    "'"
                            + object.name()
                            + "' is a "
                            + object.kindName().toLowerCase(Locale.ROOT)
                            + ", not a "
                            + kind
                            + "; use DROP "
                            + object.kindName()
                            + ".");
        }
        List<String> dependents =
                new ArrayList<>(Dependencies.dependentsOf(object.name(), context.catalog()));
        for (InsertQueries.Running query : context.inserts().running()) {
            if (query.target().equalsIgnoreCase(object.name())
                    || Dependencies.tablesRead(query.sql())
                            .contains(object.name().toLowerCase(Locale.ROOT))) {
                dependents.add("query '" + query.id() + "'");
            }
        }
        if (!dependents.isEmpty()) {
            throw new WeirException(
                    ErrorCode.OBJECT_IN_USE,
                    Optional.of(Positions.of(drop.name().getParserPosition())),
                    "Cannot drop "
                            + kind
                            + " '"
                            + object.name()
                            + "': "
                            + String.join(", ", dependents)
                            + (dependents.size() == 1 ? " depends" : " depend")
                            + " on it. Drop (or, for a query, cancel) "
                            + (dependents.size() == 1 ? "that" : "those")
                            + " first.");
        }
        // The catalog entry goes first: it is the commit point, and files it no longer refers to
        // are deleted on the next start if a crash comes before they are deleted here.
        context.catalog().remove(object.name());
        if (object instanceof MaterializedViewDef) {
            context.views().drop(object.name());
        }
        if (object instanceof TableDef) {
            context.tables().drop(object.name());
        }
        if (object instanceof StreamDef stream && stream.isInternal()) {
            context.streams().drop(stream.name());
        }
        return new StatementResult.Update(
                capitalized(kind) + " '" + object.name() + "' dropped.", 0);
    }
}
