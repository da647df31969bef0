package dev.weir.parser.ddl;

import dev.weir.common.error.Errors;
import dev.weir.common.error.Position;
import dev.weir.parser.Positions;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Checks and small constructions that the grammar's actions call. Kept in Java, not in the grammar
 * file, so they are compiled, formatted and tested like the rest of the code.
 */
public final class GrammarActions {
    private GrammarActions() {}

    /**
     * Attaches an EMIT clause to the statement before it; only a query may carry one.
     *
     * @param emit the clause, or null when there was none
     */
    public static SqlNode attachEmit(SqlNode statement, SqlEmit emit) {
        if (emit == null) {
            return statement;
        }
        if (statement.getKind().belongsTo(SqlKind.QUERY)) {
            return new SqlEmitQuery(
                    statement.getParserPosition().plus(emit.getParserPosition()), statement, emit);
        }
        Position position = Positions.of(emit.getParserPosition());
        String where =
                switch (statement.getKind()) {
                    case INSERT -> "after an INSERT (its query runs until cancelled anyway)";
                    case CREATE_VIEW -> "in a CREATE VIEW (a view is expanded where it is used)";
                    case CREATE_MATERIALIZED_VIEW, EXPLAIN ->
                            "a second time (a statement has at most one EMIT clause)";
                    default -> "after this kind of statement";
                };
        throw Errors.emitNotAllowed(position, where);
    }

    public static void addTableOption(List<SqlNode> options, SqlNode key, SqlNode value) {
        String name = SqlLiteral.unchain(key).getValueAs(String.class);
        for (SqlNode option : options) {
            if (((SqlTableOption) option).key().equals(name)) {
                throw Errors.duplicateOption(Positions.of(key.getParserPosition()), name);
            }
        }
        options.add(
                new SqlTableOption(
                        key.getParserPosition().plus(value.getParserPosition()), key, value));
    }

    public static void addWatermark(boolean isStream, List<SqlNode> watermarks, SqlWatermark w) {
        Position position = Positions.of(w.getParserPosition());
        if (!isStream) {
            throw Errors.syntaxError(
                    position,
                    "WATERMARK is allowed only in CREATE STREAM; a table has no event time.");
        }
        if (!watermarks.isEmpty()) {
            throw Errors.syntaxError(position, "A stream has at most one WATERMARK.");
        }
        watermarks.add(w);
    }

    /**
     * A computed column {@code name AS expression}: only Flink's processing-time attribute, {@code
     * name AS PROCTIME()}, at most one per stream.
     */
    public static void addComputedColumn(
            boolean isStream,
            List<SqlNode> columns,
            SqlIdentifier name,
            SqlNode expression,
            SqlParserPos pos) {
        boolean procTime =
                expression instanceof SqlCall call
                        && call.getOperandList().isEmpty()
                        && call.getOperator().getName().equalsIgnoreCase("PROCTIME")
                        && call.getFunctionQuantifier() == null;
        if (!procTime) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(expression.getParserPosition())),
                    "Computed columns are not supported, except a stream's processing-time"
                            + " attribute: name AS PROCTIME().");
        }
        if (!isStream) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(pos)),
                    "A processing-time attribute (AS PROCTIME()) is allowed only in CREATE STREAM.");
        }
        for (SqlNode column : columns) {
            if (column instanceof SqlProcTimeColumn) {
                throw Errors.syntaxError(
                        Positions.of(pos), "A stream has at most one processing-time attribute.");
            }
        }
        columns.add(new SqlProcTimeColumn(pos, name));
    }

    public static void addPrimaryKey(
            boolean isStream, List<SqlNode> primaryKey, List<SqlNode> columns, SqlParserPos pos) {
        Position position = Positions.of(pos);
        if (isStream) {
            throw Errors.syntaxError(
                    position,
                    "A stream has no PRIMARY KEY: it is append-only. Use CREATE TABLE for a"
                            + " keyed relation.");
        }
        if (!primaryKey.isEmpty()) {
            throw Errors.syntaxError(position, "A table has at most one PRIMARY KEY.");
        }
        primaryKey.addAll(columns);
    }

    public static void rejectOrReplace(boolean replace, SqlParserPos pos, String what) {
        if (replace) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(pos)),
                    "OR REPLACE is supported for CREATE VIEW only, not for CREATE " + what + ".");
        }
    }
}
