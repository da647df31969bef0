package dev.weir.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;

/**
 * DatabaseMetaData.getPrimaryKeys. Avatica's protocol has no request for primary keys (its stock
 * client answers every such call with an empty result, locally), so the driver asks the server with
 * {@code DESCRIBE}, whose {@code extra} column marks key columns, and builds the result here.
 */
final class PrimaryKeys {
    private static final String CATALOG = "weir";
    private static final String SCHEMA = "weir";

    private PrimaryKeys() {}

    static Meta.MetaResultSet of(
            Meta server, Meta.ConnectionHandle ch, String schema, String table) {
        List<Object> rows = new ArrayList<>();
        if (table != null && (schema == null || schema.equals(SCHEMA))) {
            short seq = 1;
            for (List<Object> column : describe(server, ch, table)) {
                if ("PRIMARY KEY".equals(column.get(3))) {
                    rows.add(
                            new Object[] {
                                CATALOG, SCHEMA, table, column.get(0), seq++, "pk_" + table
                            });
                }
            }
        }
        List<ColumnMetaData> columns =
                List.of(
                        MetaImpl.columnMetaData("TABLE_CAT", 0, String.class, true),
                        MetaImpl.columnMetaData("TABLE_SCHEM", 1, String.class, true),
                        MetaImpl.columnMetaData("TABLE_NAME", 2, String.class, false),
                        MetaImpl.columnMetaData("COLUMN_NAME", 3, String.class, false),
                        MetaImpl.columnMetaData("KEY_SEQ", 4, Short.class, false),
                        MetaImpl.columnMetaData("PK_NAME", 5, String.class, true));
        Meta.Signature signature =
                Meta.Signature.create(
                        columns,
                        "",
                        List.of(),
                        Meta.CursorFactory.ARRAY,
                        Meta.StatementType.SELECT);
        return Meta.MetaResultSet.create(
                ch.id,
                LocalResults.nextStatementId(),
                true,
                signature,
                new Meta.Frame(0, true, rows));
    }

    /** DESCRIBE's rows (column, type, nullable, extra); none if there is no such object. */
    private static List<List<Object>> describe(
            Meta server, Meta.ConnectionHandle ch, String table) {
        Meta.StatementHandle h = server.createStatement(ch);
        try {
            Meta.ExecuteResult result =
                    server.prepareAndExecute(
                            h,
                            "DESCRIBE \"" + table.replace("\"", "\"\"") + "\"",
                            -1,
                            -1,
                            new NoCallback());
            List<List<Object>> rows = new ArrayList<>();
            for (Object row : result.resultSets.get(0).firstFrame.rows) {
                rows.add(row instanceof Object[] array ? List.of(array) : asList(row));
            }
            return rows;
        } catch (AvaticaClientRuntimeException
                | org.apache.calcite.avatica.NoSuchStatementException e) {
            return List.of(); // no such table
        } finally {
            server.closeStatement(h);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object row) {
        return (List<Object>) row;
    }

    /** The statement is the driver's own, not the application's: nothing to tell anyone. */
    private static final class NoCallback implements Meta.PrepareCallback {
        private final Object monitor = new Object();

        @Override
        public Object getMonitor() {
            return monitor;
        }

        @Override
        public void clear() {}

        @Override
        public void assign(Meta.Signature signature, Meta.Frame firstFrame, long updateCount) {}

        @Override
        public void execute() {}
    }
}
