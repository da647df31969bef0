package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.parser.Positions;
import dev.weir.parser.ddl.SqlCancelQuery;
import dev.weir.parser.ddl.SqlCreateMaterializedView;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateTable;
import dev.weir.parser.ddl.SqlCreateView;
import dev.weir.parser.ddl.SqlDropObject;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;

/**
 * Whether a caller's role lets them run a statement: checked once per statement, by the engine,
 * before its family's handler runs it, whichever way it came (JDBC, the console, a script). Who may
 * cancel which query is {@link CancelHandler}'s to check, with the same error.
 */
final class StatementRights {
    private final Refusals refusals;

    StatementRights(Refusals refusals) {
        this.refusals = refusals;
    }

    /** Refuses {@code statement}, of {@code family}, unless {@code caller}'s role may run it. */
    void require(Caller caller, SqlNode statement, StatementFamily family) {
        if (caller.role().mayRun(family)) {
            return;
        }
        throw refused(
                statement,
                "Permission denied: "
                        + caller.describe()
                        + " may not run "
                        + kindOf(statement)
                        + "; a "
                        + caller.role().label()
                        + " may run "
                        + caller.role().rights()
                        + ".");
    }

    /** A refusal of {@code statement}, at its position, counted. */
    WeirException refused(SqlNode statement, String message) {
        refusals.countPrivilege();
        return new WeirException(
                ErrorCode.INSUFFICIENT_PRIVILEGE,
                Optional.of(Positions.of(statement.getParserPosition())),
                message);
    }

    /**
     * The statement's kind as written: {@code CREATE STREAM}, {@code DROP TABLE}, {@code UPSERT}.
     */
    static String kindOf(SqlNode statement) {
        if (statement instanceof SqlCreateStream) {
            return "CREATE STREAM";
        }
        if (statement instanceof SqlCreateTable) {
            return "CREATE TABLE";
        }
        if (statement instanceof SqlCreateMaterializedView) {
            return "CREATE MATERIALIZED VIEW";
        }
        if (statement instanceof SqlCreateView) {
            return "CREATE VIEW";
        }
        if (statement instanceof SqlDropObject drop) {
            return "DROP " + drop.objectKind().sql();
        }
        if (statement instanceof SqlInsert insert) {
            return insert.isUpsert() ? "UPSERT" : "INSERT";
        }
        if (statement instanceof SqlDelete) {
            return "DELETE";
        }
        if (statement instanceof SqlUpdate) {
            return "UPDATE";
        }
        if (statement instanceof SqlCancelQuery) {
            return "CANCEL QUERY";
        }
        return statement.getKind().sql.replace('_', ' ').toUpperCase(Locale.ROOT);
    }
}
