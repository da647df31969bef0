package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.parser.Positions;
import dev.weir.parser.ddl.SqlCancelQuery;
import java.util.Optional;
import org.apache.calcite.sql.SqlNode;

/**
 * CANCEL QUERY: stops a persistent INSERT ... SELECT for good, or a client's continuous query. A
 * materialized view's query is refused: it stops only with its view.
 */
final class CancelHandler implements StatementHandler {
    private final EngineContext context;

    CancelHandler(EngineContext context) {
        this.context = context;
    }

    @Override
    public StatementResult execute(SqlNode statement, String sql) {
        if (!(statement instanceof SqlCancelQuery cancel)) {
            throw new IllegalArgumentException("Not a CANCEL QUERY: " + statement.getKind());
        }
        for (MaterializedViews.RunningView view : context.views().running()) {
            if (view.queryId().equalsIgnoreCase(cancel.queryId())) {
                throw new WeirException(
                        ErrorCode.OBJECT_IN_USE,
                        Optional.of(Positions.of(cancel.getParserPosition())),
                        "Query '"
                                + view.queryId()
                                + "' maintains the materialized view '"
                                + view.definition.name()
                                + "'; it stops only with DROP MATERIALIZED VIEW "
                                + view.definition.name()
                                + ".");
            }
        }
        if (context.inserts().find(cancel.queryId()).isPresent()) {
            context.inserts().cancel(cancel.queryId());
            return new StatementResult.Update("Query '" + cancel.queryId() + "' cancelled.", 0);
        }
        ContinuousQuery query =
                context.continuousQueries()
                        .find(cancel.queryId())
                        .orElseThrow(
                                () ->
                                        new WeirException(
                                                ErrorCode.QUERY_NOT_FOUND,
                                                Optional.of(
                                                        Positions.of(cancel.getParserPosition())),
                                                "No running query has the id '"
                                                        + cancel.queryId()
                                                        + "'; SHOW QUERIES lists them."));
        query.cancel();
        context.continuousQueries().remove(query.id());
        return new StatementResult.Update("Query '" + query.id() + "' cancelled.", 0);
    }
}
