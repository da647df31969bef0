package dev.weir.jdbc;

import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;

/**
 * Avatica's DatabaseMetaData, truthful where Avatica answers for every database alike: a Weir
 * connection takes INSERT, UPSERT, UPDATE, DELETE and DDL, so it is not read-only (tools that
 * believe otherwise refuse to write).
 */
final class WeirDatabaseMetaData extends AvaticaDatabaseMetaData {
    WeirDatabaseMetaData(AvaticaConnection connection) {
        super(connection);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return false;
    }
}
