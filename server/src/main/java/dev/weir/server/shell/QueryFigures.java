package dev.weir.server.shell;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * A running continuous query's figures as {@code sys.queries} has them, read over a connection of
 * the shell's own (the query's connection is busy waiting for rows). The query is the newest one
 * running this statement's text.
 */
final class QueryFigures {
    /** Opens the side connection, once needed. */
    interface Opener {
        Connection open() throws SQLException;
    }

    /** What the status line shows. */
    record Figures(String id, long rowsIn, String watermark) {}

    private final Opener opener;
    private Connection connection;

    QueryFigures(Opener opener) {
        this.opener = opener;
    }

    /** The figures of the newest query running {@code sql}; empty if none or unreadable. */
    synchronized Optional<Figures> of(String sql) {
        String text = sql.strip().replace('\n', ' ').replace("'", "''");
        try {
            if (connection == null || connection.isClosed()) {
                connection = opener.open();
            }
            try (Statement s = connection.createStatement();
                    ResultSet rs =
                            s.executeQuery(
                                    "SELECT id, rows_in, watermark FROM sys.queries WHERE \"sql\" = '"
                                            + text
                                            + "'")) {
                Figures newest = null;
                while (rs.next()) {
                    Figures f = new Figures(rs.getString(1), rs.getLong(2), rs.getString(3));
                    if (newest == null || number(f.id()) > number(newest.id())) {
                        newest = f;
                    }
                }
                return Optional.ofNullable(newest);
            }
        } catch (SQLException e) {
            return Optional.empty(); // the status line is a courtesy: it shows less, not an error
        }
    }

    private static long number(String id) {
        try {
            return Long.parseLong(id.substring(1));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // closing a side connection that failed: nothing to do
        }
    }
}
