package dev.weir.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.InternalProperty;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;
import org.apache.calcite.avatica.util.Casing;

/**
 * Avatica's connection, which can also stop a statement's query on the server, reports the server's
 * errors in its own words ({@link SqlErrors}), and keeps what JDBC lets a driver keep locally
 * (client info, an empty type map) instead of refusing it: tools set them on every connection.
 */
final class WeirConnection extends AvaticaConnection {
    private static final Logger LOG = Logger.getLogger(WeirConnection.class.getName());

    private final Properties clientInfo = new Properties();
    private Map<String, Class<?>> typeMap = new HashMap<>();

    WeirConnection(UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info) {
        super(driver, factory, url, info);
        // How Weir treats names, which Avatica's DatabaseMetaData answers its stores*Identifiers
        // and supports*Identifiers questions from: names are stored as written and matched without
        // regard to case, unquoted (DIALECT.md) and quoted alike (the catalog matches every name
        // so: "CATEGORY" finds category). Avatica's defaults describe a database that upper-cases.
        properties.put(InternalProperty.UNQUOTED_CASING, Casing.UNCHANGED);
        properties.put(InternalProperty.QUOTED_CASING, Casing.UNCHANGED);
        properties.put(InternalProperty.CASE_SENSITIVE, false);
    }

    /**
     * Closes the statement on the server, from any thread: its query stops, and a fetch waiting for
     * its rows returns at once with the end of the result. The server re-creates the statement if
     * the application executes it again. The request travels on its own HTTP connection, beside the
     * fetch it ends.
     */
    void cancelOnServer(Meta.StatementHandle handle) {
        try {
            meta.closeStatement(handle);
        } catch (RuntimeException e) {
            // The server is gone or the statement already closed: nothing left to stop.
            LOG.log(Level.FINE, "cancel of statement " + handle.id + " not delivered", e);
        }
    }

    /**
     * Avatica's, which throws the server's refusal (or a lost connection) unchecked, where JDBC
     * promises an SQLException: an application that catches SQLException around its statements
     * would otherwise lose the thread.
     */
    @Override
    public AvaticaStatement createStatement(
            int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        try {
            return super.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
        } catch (AvaticaClientRuntimeException e) {
            throw SqlErrors.of(e);
        }
    }

    /**
     * Avatica's prepare, whose failure carries the server's error: Avatica's own replaces the
     * server's message with its "while preparing SQL: ..." and drops the rest.
     */
    @Override
    public PreparedStatement prepareStatement(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        try {
            Meta.StatementHandle h = meta.prepare(handle, sql, -1);
            return factory.newPreparedStatement(
                    this,
                    h,
                    h.signature,
                    resultSetType,
                    resultSetConcurrency,
                    resultSetHoldability);
        } catch (AvaticaClientRuntimeException e) {
            throw SqlErrors.of(e);
        } catch (RuntimeException e) {
            throw new SQLException("Cannot prepare the statement: " + e.getMessage(), e);
        }
    }

    @Override
    protected ResultSet executeQueryInternal(
            AvaticaStatement statement,
            Meta.Signature signature,
            Meta.Frame firstFrame,
            QueryState state,
            boolean isUpdate)
            throws SQLException {
        try {
            return super.executeQueryInternal(statement, signature, firstFrame, state, isUpdate);
        } catch (SQLException e) {
            throw SqlErrors.clean(e);
        } catch (AvaticaClientRuntimeException e) {
            throw SqlErrors.of(e);
        }
    }

    @Override
    protected long[] executeBatchUpdateInternal(AvaticaPreparedStatement statement)
            throws SQLException {
        try {
            return super.executeBatchUpdateInternal(statement);
        } catch (SQLException e) {
            throw SqlErrors.clean(e);
        }
    }

    @Override
    protected Meta.ExecuteBatchResult prepareAndUpdateBatch(
            AvaticaStatement statement, java.util.List<String> queries)
            throws NoSuchStatementException, SQLException {
        try {
            return super.prepareAndUpdateBatch(statement, queries);
        } catch (AvaticaClientRuntimeException e) {
            throw SqlErrors.of(e);
        }
    }

    /** Kept locally: Weir has no use for it, and tools (DBeaver, JetBrains') always set some. */
    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        if (properties != null) {
            clientInfo.putAll(properties);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    /** Weir has no user-defined types: the map is empty and only kept. */
    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return new HashMap<>(typeMap);
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        typeMap = map == null ? new HashMap<>() : new HashMap<>(map);
    }
}
