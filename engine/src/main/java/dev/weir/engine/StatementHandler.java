package dev.weir.engine;

import org.apache.calcite.sql.SqlNode;

/**
 * Runs the statements of one family ({@link StatementFamily}): the engine parses a statement and
 * hands it to its family's handler, as Trino hands each statement to its {@code
 * DataDefinitionTask}. Handlers share the database's parts through an {@link EngineContext}.
 */
interface StatementHandler {
    /**
     * Runs {@code statement}, one of this handler's family.
     *
     * @param sql the statement's text, as recorded for persistent queries and SHOW QUERIES
     */
    StatementResult execute(SqlNode statement, String sql);
}
