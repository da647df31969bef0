package dev.weir.engine;

import dev.weir.common.error.Errors;
import dev.weir.common.row.Row;
import dev.weir.parser.Positions;
import dev.weir.planner.PlannedQuery;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;

/**
 * Statements that change data: INSERT ... VALUES into a stream (its log, or its Kafka topic) or a
 * table, UPSERT into a table, INSERT ... SELECT (a persistent query appending to a stream), and a
 * table's DELETE and UPDATE.
 */
final class DmlHandler implements StatementHandler {
    private final EngineContext context;
    private final QueryHandler queries;

    /**
     * @param queries runs the snapshot query that finds the rows a DELETE or UPDATE changes
     */
    DmlHandler(EngineContext context, QueryHandler queries) {
        this.context = context;
        this.queries = queries;
    }

    @Override
    public StatementResult execute(SqlNode statement, String sql) {
        if (statement instanceof SqlInsert insert) {
            return Planner.isInsertSelect(insert)
                    ? insertSelect(insert, sql)
                    : insertValues(insert);
        }
        if (statement instanceof SqlDelete delete) {
            return delete(delete);
        }
        if (statement instanceof SqlUpdate update) {
            return update(update);
        }
        throw new IllegalArgumentException(
                "Not an INSERT, UPSERT, DELETE or UPDATE: " + statement.getKind());
    }

    /** INSERT INTO stream SELECT ...: a persistent query, which goes on until cancelled. */
    private StatementResult insertSelect(SqlInsert insert, String sql) {
        Planner.InsertQueryPlan plan = new Planner(context.catalog()).insertQuery(insert);
        CatalogObject target = context.catalog().find(plan.target()).orElseThrow();
        if (target instanceof TableDef) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(insert.getTargetTable().getParserPosition())),
                    "INSERT INTO a table takes VALUES. To keep a table of a query's"
                            + " results up to date, CREATE MATERIALIZED VIEW ... AS SELECT.");
        }
        if (!(target instanceof StreamDef stream)
                || !(stream.isInternal() || context.connectors().writesThroughConnector(stream))) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(insert.getTargetTable().getParserPosition())),
                    "INSERT is supported into internal and Kafka streams only; '"
                            + target.name()
                            + "' is neither.");
        }
        String id;
        context.memory().admit(Optional.of(Positions.of(insert.getParserPosition())));
        try (QueryLimit.Admission admitted =
                context.queryLimit()
                        .admit(
                                context::runningQueries,
                                Optional.of(Positions.of(insert.getParserPosition())))) {
            id = context.inserts().create(sql, plan);
        }
        return new StatementResult.Update(
                "Persistent query '"
                        + id
                        + "' started: its rows append to '"
                        + stream.name()
                        + "'. SHOW QUERIES lists it; CANCEL QUERY '"
                        + id
                        + "' stops it.",
                0);
    }

    /** INSERT (or UPSERT) ... VALUES into a table, an internal stream or a Kafka stream. */
    private StatementResult insertValues(SqlInsert insert) {
        Planner.InsertRows rows = new Planner(context.catalog()).insertValues(insert);
        CatalogObject target = context.catalog().find(rows.target()).orElseThrow();
        if (target instanceof TableDef table) {
            int n = context.tables().insert(table.name(), rows.rows(), insert.isUpsert());
            return new StatementResult.Update(
                    n + " row(s) " + (insert.isUpsert() ? "upserted." : "inserted."), n);
        }
        if (insert.isUpsert()) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(insert.getTargetTable().getParserPosition())),
                    "UPSERT replaces a table's rows by key; '"
                            + target.name()
                            + "' is a stream, whose events are only appended: use INSERT.");
        }
        if (target instanceof StreamDef stream
                && context.connectors().writesThroughConnector(stream)) {
            context.connectors().append(stream, rows.rows());
            return new StatementResult.Update(
                    rows.rows().size() + " row(s) written.", rows.rows().size());
        }
        if (!(target instanceof StreamDef stream) || !stream.isInternal()) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(insert.getTargetTable().getParserPosition())),
                    "INSERT is supported into internal and Kafka streams only; '"
                            + target.name()
                            + "' is a "
                            + (target instanceof TableDef
                                    ? "table"
                                    : "stream read through a connector")
                            + ".");
        }
        context.streams().append(stream.name(), rows.rows());
        return new StatementResult.Update(
                rows.rows().size() + " row(s) appended.", rows.rows().size());
    }

    /** DELETE FROM table WHERE ...: the rows the condition finds, as of now, are deleted. */
    private StatementResult delete(SqlDelete delete) {
        Planner.TableChange change = new Planner(context.catalog()).delete(delete);
        List<Row> found = new ArrayList<>();
        for (Object[] values : snapshotRows(change.rows())) {
            found.add(Row.wrap(values));
        }
        int deleted = context.tables().delete(change.table().name(), found);
        return new StatementResult.Update(deleted + " row(s) deleted.", deleted);
    }

    /** UPDATE table SET ... WHERE ...: each row the condition finds gets its new values. */
    private StatementResult update(SqlUpdate update) {
        Planner.TableChange change = new Planner(context.catalog()).update(update);
        int arity = change.table().columns().size();
        List<Row[]> pairs = new ArrayList<>();
        for (Object[] values : snapshotRows(change.rows())) {
            Object[] before = Arrays.copyOf(values, arity);
            Object[] after = before.clone();
            for (int i = 0; i < change.updatedColumns().size(); i++) {
                after[change.updatedColumns().get(i)] = values[arity + i];
            }
            pairs.add(new Row[] {Row.wrap(before), Row.wrap(after)});
        }
        int updated = context.tables().update(change.table().name(), pairs);
        return new StatementResult.Update(updated + " row(s) updated.", updated);
    }

    private List<Object[]> snapshotRows(PlannedQuery planned) {
        // A snapshot query the engine makes: no job outlives it, and no user owns it.
        StatementResult result = queries.run(planned, "", Caller.EMBEDDED, Optional.empty());
        return ((StatementResult.Rows) result).rows();
    }
}
