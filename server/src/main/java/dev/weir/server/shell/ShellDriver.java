package dev.weir.server.shell;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import sqlline.SqlLine;

/**
 * Weir's JDBC driver as {@code weir shell} uses it: the same connections, seen through {@link
 * ShellConnection}, which sets sqlline's own table settings for each result and shows a status line
 * while a continuous query waits for its first rows. Installed in place of Weir's driver for the
 * shell's process only.
 */
public final class ShellDriver implements Driver {
    private final Driver weir;
    private final SqlLine sqlLine;

    private ShellDriver(Driver weir, SqlLine sqlLine) {
        this.weir = weir;
        this.sqlLine = sqlLine;
    }

    /**
     * Puts the shell's driver in front of Weir's for {@code jdbc:weir:} URLs: sqlline connects
     * through whichever driver {@link DriverManager} finds first.
     */
    public static void install(SqlLine sqlLine) throws SQLException {
        Driver weir = DriverManager.getDriver("jdbc:weir://localhost");
        DriverManager.deregisterDriver(weir);
        DriverManager.registerDriver(new ShellDriver(weir, sqlLine));
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection connection = weir.connect(url, info);
        if (connection == null) {
            return null;
        }
        QueryFigures figures = new QueryFigures(() -> weir.connect(url, info));
        return ShellConnection.wrap(connection, sqlLine, figures);
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return weir.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return weir.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return weir.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return weir.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return weir.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return weir.getParentLogger();
    }
}
