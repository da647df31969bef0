package dev.weir.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLClientInfoException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaSqlException;

/**
 * The server's errors as the application sees them: the server's message alone ({@code line 1:8:
 * Column 'nope' not found in any table. [COLUMN_NOT_FOUND]}), its SQLSTATE and Weir's error code in
 * the SQLException's fields, and the JDBC subclass its SQLSTATE class names (42 a
 * SQLSyntaxErrorException, 22 a SQLDataException, 57014 a SQLTimeoutException, ...). Avatica's
 * client wraps them in its own words ({@code Error 11 (42S22) : Error while executing SQL "...":
 * Remote driver error: ...}), which tell a user nothing more.
 */
final class SqlErrors {
    private static final String REMOTE = "Remote driver error: ";

    private SqlErrors() {}

    /**
     * The server's error inside {@code e}, if it holds one (a SQLException Avatica made of it, or
     * the client's runtime error itself); {@code e} unchanged otherwise.
     */
    static SQLException clean(SQLException e) {
        if (e instanceof BatchUpdateException || e instanceof SQLClientInfoException) {
            return e;
        }
        AvaticaClientRuntimeException remote = remoteCause(e);
        if (remote != null) {
            return of(remote);
        }
        if (e instanceof AvaticaSqlException avatica) {
            // A server error whose cause Avatica dropped: its message holds the server's words.
            return of(serverWords(avatica.getErrorMessage()), e.getSQLState(), e.getErrorCode(), e);
        }
        return e;
    }

    /** The client's runtime error as the SQLException JDBC promises. */
    static SQLException of(AvaticaClientRuntimeException e) {
        return of(serverWords(e.getMessage()), e.getSqlState(), e.getErrorCode(), e);
    }

    private static AvaticaClientRuntimeException remoteCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AvaticaClientRuntimeException remote) {
                return remote;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The server's message without Avatica's prefixes. */
    static String serverWords(String message) {
        if (message == null) {
            return null;
        }
        int remote = message.indexOf(REMOTE);
        return remote >= 0 ? message.substring(remote + REMOTE.length()) : message;
    }

    static SQLException of(String message, String sqlState, int code, Throwable cause) {
        String state = sqlState == null ? "" : sqlState;
        SQLException e;
        if (state.equals("57014")) {
            e = new SQLTimeoutException(message, sqlState, code);
        } else if (state.startsWith("42")) {
            e = new SQLSyntaxErrorException(message, sqlState, code);
        } else if (state.startsWith("22")) {
            e = new SQLDataException(message, sqlState, code);
        } else if (state.startsWith("23")) {
            e = new SQLIntegrityConstraintViolationException(message, sqlState, code);
        } else if (state.startsWith("28")) {
            e = new SQLInvalidAuthorizationSpecException(message, sqlState, code);
        } else if (state.startsWith("08")) {
            e = new SQLNonTransientConnectionException(message, sqlState, code);
        } else if (state.startsWith("0A")) {
            e = new SQLFeatureNotSupportedException(message, sqlState, code);
        } else {
            e = new SQLException(message, sqlState, code);
        }
        e.initCause(cause);
        return e;
    }
}
