package dev.weir.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;

/**
 * Avatica's JDBC objects, except connections and statements: those are Weir's, so that {@link
 * java.sql.Statement#cancel()} reaches the server (Avatica's own cancel only sets a flag that a
 * reader blocked in a fetch never looks at).
 */
final class WeirFactory implements AvaticaFactory {
    private final AvaticaFactory avatica;

    WeirFactory(AvaticaFactory avatica) {
        this.avatica = avatica;
    }

    @Override
    public int getJdbcMajorVersion() {
        return avatica.getJdbcMajorVersion();
    }

    @Override
    public int getJdbcMinorVersion() {
        return avatica.getJdbcMinorVersion();
    }

    @Override
    public AvaticaConnection newConnection(
            UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info) {
        return new WeirConnection(driver, factory, url, info);
    }

    @Override
    public AvaticaStatement newStatement(
            AvaticaConnection connection,
            Meta.StatementHandle h,
            int resultSetType,
            int resultSetConcurrency,
            int resultSetHoldability) {
        return new WeirStatement(
                (WeirConnection) connection,
                h,
                resultSetType,
                resultSetConcurrency,
                resultSetHoldability);
    }

    @Override
    public AvaticaPreparedStatement newPreparedStatement(
            AvaticaConnection connection,
            Meta.StatementHandle h,
            Meta.Signature signature,
            int resultSetType,
            int resultSetConcurrency,
            int resultSetHoldability)
            throws SQLException {
        return avatica.newPreparedStatement(
                connection,
                h,
                signature,
                resultSetType,
                resultSetConcurrency,
                resultSetHoldability);
    }

    @Override
    public AvaticaResultSet newResultSet(
            AvaticaStatement statement,
            QueryState state,
            Meta.Signature signature,
            TimeZone timeZone,
            Meta.Frame firstFrame)
            throws SQLException {
        return new WeirResultSet(
                statement,
                state,
                signature,
                newResultSetMetaData(statement, signature),
                timeZone,
                firstFrame);
    }

    @Override
    public AvaticaSpecificDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
        return new WeirDatabaseMetaData(connection);
    }

    @Override
    public ResultSetMetaData newResultSetMetaData(
            AvaticaStatement statement, Meta.Signature signature) throws SQLException {
        return avatica.newResultSetMetaData(statement, withEmptyNames(signature));
    }

    /**
     * JDBC's ResultSetMetaData says "" for the table, schema and catalog of a column that has none
     * (a computed one); protobuf cannot tell an empty string from none, so they arrive as null.
     */
    private static Meta.Signature withEmptyNames(Meta.Signature signature) {
        if (signature == null || signature.columns == null) {
            return signature;
        }
        java.util.List<ColumnMetaData> columns = new java.util.ArrayList<>();
        for (ColumnMetaData c : signature.columns) {
            columns.add(
                    new ColumnMetaData(
                            c.ordinal,
                            c.autoIncrement,
                            c.caseSensitive,
                            c.searchable,
                            c.currency,
                            c.nullable,
                            c.signed,
                            c.displaySize,
                            c.label,
                            c.columnName,
                            c.schemaName == null ? "" : c.schemaName,
                            c.precision,
                            c.scale,
                            c.tableName == null ? "" : c.tableName,
                            c.catalogName == null ? "" : c.catalogName,
                            c.type,
                            c.readOnly,
                            c.writable,
                            c.definitelyWritable,
                            c.columnClassName));
        }
        return Meta.Signature.create(
                columns,
                signature.sql,
                signature.parameters,
                signature.cursorFactory,
                signature.statementType);
    }
}
