package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.parser.Positions;
import dev.weir.parser.ddl.SqlCancelQuery;
import java.util.Optional;
import org.apache.calcite.sql.SqlNode;

/**
 * CANCEL QUERY: stops a persistent INSERT ... SELECT for good, or a client's continuous query. A
 * materialized view's query is refused: it stops only with its view. Every user may cancel the
 * continuous queries they started; only an admin may cancel another user's, or a persistent query
 * (it belongs to the database, not to a session, and outlives the user's connection).
 */
final class CancelHandler {
    private final EngineContext context;
    private final StatementRights rights;

    CancelHandler(EngineContext context, StatementRights rights) {
        this.context = context;
        this.rights = rights;
    }

    StatementResult execute(SqlNode statement, Caller caller) {
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
            if (caller.role() != Role.ADMIN) {
                throw rights.refused(
                        cancel,
                        "Permission denied: query '"
                                + cancel.queryId()
                                + "' is a persistent INSERT ... SELECT, which only an admin may"
                                + " cancel; "
                                + caller.describe()
                                + " may cancel only the continuous queries they started.");
            }
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
        if (!caller.mayCancelQueryOf(query.owner())) {
            throw rights.refused(
                    cancel,
                    "Permission denied: query '"
                            + query.id()
                            + "' was started by another user; "
                            + caller.describe()
                            + " may cancel only the queries they started (an admin may cancel"
                            + " any).");
        }
        query.cancel();
        context.continuousQueries().remove(query.id());
        return new StatementResult.Update("Query '" + query.id() + "' cancelled.", 0);
    }
}
