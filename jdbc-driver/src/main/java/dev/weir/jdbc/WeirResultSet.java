package dev.weir.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;

/**
 * Avatica's result set, whose {@code next()} reports the server's errors while fetching (a query
 * timeout, a failed query) as the SQLException JDBC promises, with the server's SQLSTATE and code,
 * where Avatica's client throws them unchecked.
 */
final class WeirResultSet extends AvaticaResultSet {
    WeirResultSet(
            AvaticaStatement statement,
            QueryState state,
            Meta.Signature signature,
            ResultSetMetaData metaData,
            TimeZone timeZone,
            Meta.Frame firstFrame)
            throws SQLException {
        super(statement, state, signature, metaData, timeZone, firstFrame);
    }

    @Override
    public boolean next() throws SQLException {
        try {
            return super.next();
        } catch (AvaticaClientRuntimeException e) {
            throw SqlErrors.of(e);
        }
    }
}
