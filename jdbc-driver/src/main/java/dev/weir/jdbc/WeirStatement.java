package dev.weir.jdbc;

import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

/** Avatica's statement, whose {@link #cancel()} stops the query on the server. */
final class WeirStatement extends AvaticaStatement {
    private final WeirConnection weirConnection;

    WeirStatement(
            WeirConnection connection,
            Meta.StatementHandle h,
            int resultSetType,
            int resultSetConcurrency,
            int resultSetHoldability) {
        super(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
        this.weirConnection = connection;
    }

    /**
     * Sets Avatica's cancel flag, then stops the query on the server, which wakes a reader blocked
     * in {@code next()}: it returns false. JDBC lets cancel be called from any thread.
     *
     * <p>On a closed statement there is nothing to stop, and nothing is said: a shell cancels its
     * last statement on every Ctrl-C (sqlline does, even at an idle prompt), and it would print
     * "Statement closed" each time. PostgreSQL's driver ignores such a cancel the same way.
     */
    @Override
    public void cancel() throws SQLException {
        if (isClosed()) {
            return;
        }
        super.cancel();
        weirConnection.cancelOnServer(handle);
    }

    /**
     * A cancel stops the query running then, not the statement's later ones: Avatica never clears
     * its cancel flag, so every result set of a statement once cancelled would fail.
     */
    @Override
    protected void executeInternal(String sql) throws SQLException {
        cancelFlag.set(false);
        try {
            super.executeInternal(withOptions(sql, 0, getQueryTimeout()));
        } catch (SQLException e) {
            throw SqlErrors.clean(e);
        }
    }

    /**
     * What Avatica's protocol has no field for reaches the server, which enforces it, as a comment
     * at the end of the statement (at the end, error positions stay put): {@code setQueryTimeout},
     * and for a prepared statement's execution {@code setMaxRows} (a plain statement's row limit
     * has its field).
     */
    static String withOptions(String sql, long maxRows, int timeoutSeconds) {
        if (maxRows <= 0 && timeoutSeconds <= 0) {
            return sql;
        }
        return sql
                + "\n/* weir:"
                + (maxRows > 0 ? " max_rows=" + maxRows : "")
                + (timeoutSeconds > 0 ? " query_timeout=" + timeoutSeconds : "")
                + " */";
    }
}
