package dev.weir.jdbc;

import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Avatica's remote client protocol, with the result iteration Weir needs: Avatica's own iterator
 * fetches until it holds a row, so executeQuery of a continuous query would wait for the first row,
 * and it reads one row ahead, holding back a frame's last row until the next frame. Everything else
 * is Avatica's, unchanged.
 */
final class WeirClientMeta implements Meta {
    private final Meta delegate;
    private final AvaticaConnection connection;

    WeirClientMeta(Meta delegate, AvaticaConnection connection) {
        this.delegate = delegate;
        this.connection = connection;
    }

    @Override
    public Map<Meta.DatabaseProperty, Object> getDatabaseProperties(Meta.ConnectionHandle a0) {
        return delegate.getDatabaseProperties(a0);
    }

    @Override
    public Meta.MetaResultSet getTables(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3, List<String> a4) {
        return delegate.getTables(a0, a1, a2, a3, a4);
    }

    @Override
    public Meta.MetaResultSet getColumns(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3, Meta.Pat a4) {
        return delegate.getColumns(a0, a1, a2, a3, a4);
    }

    @Override
    public Meta.MetaResultSet getSchemas(Meta.ConnectionHandle a0, String a1, Meta.Pat a2) {
        return delegate.getSchemas(a0, a1, a2);
    }

    @Override
    public Meta.MetaResultSet getCatalogs(Meta.ConnectionHandle a0) {
        return delegate.getCatalogs(a0);
    }

    @Override
    public Meta.MetaResultSet getTableTypes(Meta.ConnectionHandle a0) {
        return delegate.getTableTypes(a0);
    }

    @Override
    public Meta.MetaResultSet getProcedures(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3) {
        return delegate.getProcedures(a0, a1, a2, a3);
    }

    @Override
    public Meta.MetaResultSet getProcedureColumns(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3, Meta.Pat a4) {
        return delegate.getProcedureColumns(a0, a1, a2, a3, a4);
    }

    @Override
    public Meta.MetaResultSet getColumnPrivileges(
            Meta.ConnectionHandle a0, String a1, String a2, String a3, Meta.Pat a4) {
        return delegate.getColumnPrivileges(a0, a1, a2, a3, a4);
    }

    @Override
    public Meta.MetaResultSet getTablePrivileges(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3) {
        return delegate.getTablePrivileges(a0, a1, a2, a3);
    }

    @Override
    public Meta.MetaResultSet getBestRowIdentifier(
            Meta.ConnectionHandle a0, String a1, String a2, String a3, int a4, boolean a5) {
        return delegate.getBestRowIdentifier(a0, a1, a2, a3, a4, a5);
    }

    @Override
    public Meta.MetaResultSet getVersionColumns(
            Meta.ConnectionHandle a0, String a1, String a2, String a3) {
        return delegate.getVersionColumns(a0, a1, a2, a3);
    }

    @Override
    public Meta.MetaResultSet getPrimaryKeys(
            Meta.ConnectionHandle a0, String a1, String a2, String a3) {
        return PrimaryKeys.of(delegate, a0, a2, a3);
    }

    @Override
    public Meta.MetaResultSet getImportedKeys(
            Meta.ConnectionHandle a0, String a1, String a2, String a3) {
        return delegate.getImportedKeys(a0, a1, a2, a3);
    }

    @Override
    public Meta.MetaResultSet getExportedKeys(
            Meta.ConnectionHandle a0, String a1, String a2, String a3) {
        return delegate.getExportedKeys(a0, a1, a2, a3);
    }

    @Override
    public Meta.MetaResultSet getCrossReference(
            Meta.ConnectionHandle a0,
            String a1,
            String a2,
            String a3,
            String a4,
            String a5,
            String a6) {
        return delegate.getCrossReference(a0, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public Meta.MetaResultSet getTypeInfo(Meta.ConnectionHandle a0) {
        return delegate.getTypeInfo(a0);
    }

    @Override
    public Meta.MetaResultSet getIndexInfo(
            Meta.ConnectionHandle a0, String a1, String a2, String a3, boolean a4, boolean a5) {
        return delegate.getIndexInfo(a0, a1, a2, a3, a4, a5);
    }

    @Override
    public Meta.MetaResultSet getUDTs(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3, int[] a4) {
        return delegate.getUDTs(a0, a1, a2, a3, a4);
    }

    @Override
    public Meta.MetaResultSet getSuperTypes(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3) {
        return delegate.getSuperTypes(a0, a1, a2, a3);
    }

    @Override
    public Meta.MetaResultSet getSuperTables(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3) {
        return delegate.getSuperTables(a0, a1, a2, a3);
    }

    @Override
    public Meta.MetaResultSet getAttributes(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3, Meta.Pat a4) {
        return delegate.getAttributes(a0, a1, a2, a3, a4);
    }

    @Override
    public Meta.MetaResultSet getClientInfoProperties(Meta.ConnectionHandle a0) {
        return delegate.getClientInfoProperties(a0);
    }

    @Override
    public Meta.MetaResultSet getFunctions(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3) {
        return Functions.of(delegate, a0, a2, a3);
    }

    @Override
    public Meta.MetaResultSet getFunctionColumns(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3, Meta.Pat a4) {
        return delegate.getFunctionColumns(a0, a1, a2, a3, a4);
    }

    @Override
    public Meta.MetaResultSet getPseudoColumns(
            Meta.ConnectionHandle a0, String a1, Meta.Pat a2, Meta.Pat a3, Meta.Pat a4) {
        return delegate.getPseudoColumns(a0, a1, a2, a3, a4);
    }

    @Override
    public Iterable<Object> createIterable(
            Meta.StatementHandle a0,
            QueryState a1,
            Meta.Signature a2,
            List<TypedValue> a3,
            Meta.Frame a4) {
        // Lazy: the first frame may be empty (a continuous query that has no row yet), and
        // executeQuery must return anyway; rows are fetched when the application asks.
        return () -> new LazyFrameIterator(this, connection, a0, a4);
    }

    @Override
    public Meta.StatementHandle prepare(Meta.ConnectionHandle a0, String a1, long a2) {
        return delegate.prepare(a0, a1, a2);
    }

    @Override
    public Meta.ExecuteResult prepareAndExecute(
            Meta.StatementHandle a0, String a1, long a2, Meta.PrepareCallback a3)
            throws NoSuchStatementException {
        return delegate.prepareAndExecute(a0, a1, a2, a3);
    }

    @Override
    public Meta.ExecuteResult prepareAndExecute(
            Meta.StatementHandle a0, String a1, long a2, int a3, Meta.PrepareCallback a4)
            throws NoSuchStatementException {
        return delegate.prepareAndExecute(a0, a1, a2, a3, a4);
    }

    @Override
    public Meta.ExecuteBatchResult prepareAndExecuteBatch(Meta.StatementHandle a0, List<String> a1)
            throws NoSuchStatementException {
        return delegate.prepareAndExecuteBatch(a0, a1);
    }

    @Override
    public Meta.ExecuteBatchResult executeBatch(Meta.StatementHandle a0, List<List<TypedValue>> a1)
            throws NoSuchStatementException {
        return delegate.executeBatch(a0, a1);
    }

    @Override
    public Meta.Frame fetch(Meta.StatementHandle a0, long a1, int a2)
            throws NoSuchStatementException, MissingResultsException {
        return delegate.fetch(a0, a1, a2);
    }

    @Override
    public Meta.ExecuteResult execute(Meta.StatementHandle a0, List<TypedValue> a1, long a2)
            throws NoSuchStatementException {
        return delegate.execute(a0, a1, a2);
    }

    /**
     * A prepared statement's execution, with what Avatica's request has no field for: the
     * statement's {@code setMaxRows} and {@code setQueryTimeout}, sent as a comment on the
     * signature's text that travels with the request (see WeirStatement.withOptions). The server
     * runs the text it prepared, never this one.
     */
    @Override
    public Meta.ExecuteResult execute(Meta.StatementHandle a0, List<TypedValue> a1, int a2)
            throws NoSuchStatementException {
        return delegate.execute(withOptions(a0), a1, a2);
    }

    private Meta.StatementHandle withOptions(Meta.StatementHandle h) {
        org.apache.calcite.avatica.AvaticaStatement statement = connection.statementMap.get(h.id);
        if (statement == null || h.signature == null) {
            return h;
        }
        long maxRows;
        int timeout;
        try {
            maxRows = statement.getLargeMaxRows();
            timeout = statement.getQueryTimeout();
        } catch (java.sql.SQLException e) {
            return h; // closed: the execution fails as Avatica's would
        }
        if (maxRows <= 0 && timeout <= 0) {
            return h;
        }
        Meta.Signature s = h.signature;
        Meta.Signature sent =
                Meta.Signature.create(
                        s.columns,
                        WeirStatement.withOptions(s.sql, maxRows, timeout),
                        s.parameters,
                        s.cursorFactory,
                        s.statementType);
        return new Meta.StatementHandle(h.connectionId, h.id, sent);
    }

    @Override
    public Meta.StatementHandle createStatement(Meta.ConnectionHandle a0) {
        return delegate.createStatement(a0);
    }

    @Override
    public void closeStatement(Meta.StatementHandle a0) {
        delegate.closeStatement(a0);
    }

    @Override
    public void openConnection(Meta.ConnectionHandle a0, Map<String, String> a1) {
        delegate.openConnection(a0, a1);
    }

    @Override
    public void closeConnection(Meta.ConnectionHandle a0) {
        delegate.closeConnection(a0);
    }

    @Override
    public boolean syncResults(Meta.StatementHandle a0, QueryState a1, long a2)
            throws NoSuchStatementException {
        return delegate.syncResults(a0, a1, a2);
    }

    @Override
    public void commit(Meta.ConnectionHandle a0) {
        delegate.commit(a0);
    }

    @Override
    public void rollback(Meta.ConnectionHandle a0) {
        delegate.rollback(a0);
    }

    @Override
    public Meta.ConnectionProperties connectionSync(
            Meta.ConnectionHandle a0, Meta.ConnectionProperties a1) {
        return delegate.connectionSync(a0, a1);
    }
}
