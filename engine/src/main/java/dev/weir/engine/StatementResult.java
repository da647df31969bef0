package dev.weir.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What a statement gives back. */
public sealed interface StatementResult {
    /** DDL, INSERT, CANCEL: a message and a count of rows affected. */
    record Update(String message, long count) implements StatementResult {
        public Update {
            requireNonNull(message, "message is null");
        }
    }

    /** A finite result: a table realization, SHOW, DESCRIBE, EXPLAIN. */
    record Rows(List<ResultColumn> columns, List<Object[]> rows) implements StatementResult {
        public Rows {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    /** A stream realization: rows arrive until the query ends or is cancelled. */
    record Continuous(ContinuousQuery query) implements StatementResult {
        public Continuous {
            requireNonNull(query, "query is null");
        }
    }
}
