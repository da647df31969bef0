package dev.weir.jdbc;

import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.NoSuchStatementException;

/**
 * DatabaseMetaData.getFunctions. Avatica's protocol has no request for functions (its client
 * answers with an empty result, locally), so the driver asks the server with {@code SHOW FUNCTIONS}
 * and builds the result: the built-in functions in the schema {@code sys}, the windowing table
 * functions as functionReturnsTable.
 */
final class Functions {
    private static final String CATALOG = "weir";
    private static final String SCHEMA = "sys";
    private static final Set<String> WINDOW_FUNCTIONS =
            Set.of("TUMBLE", "HOP", "SESSION", "CUMULATE");

    private Functions() {}

    static Meta.MetaResultSet of(
            Meta server, Meta.ConnectionHandle ch, Meta.Pat schema, Meta.Pat function) {
        List<Object> rows = new ArrayList<>();
        if (matches(schema, SCHEMA)) {
            for (String name : names(server, ch)) {
                if (!matches(function, name)) {
                    continue;
                }
                boolean table = WINDOW_FUNCTIONS.contains(name);
                rows.add(
                        new Object[] {
                            CATALOG,
                            SCHEMA,
                            name,
                            table ? "windowing table function" : "built-in function",
                            (short)
                                    (table
                                            ? DatabaseMetaData.functionReturnsTable
                                            : DatabaseMetaData.functionNoTable),
                            name
                        });
            }
        }
        List<ColumnMetaData> columns =
                List.of(
                        MetaImpl.columnMetaData("FUNCTION_CAT", 0, String.class, true),
                        MetaImpl.columnMetaData("FUNCTION_SCHEM", 1, String.class, true),
                        MetaImpl.columnMetaData("FUNCTION_NAME", 2, String.class, false),
                        MetaImpl.columnMetaData("REMARKS", 3, String.class, true),
                        MetaImpl.columnMetaData("FUNCTION_TYPE", 4, Short.class, false),
                        MetaImpl.columnMetaData("SPECIFIC_NAME", 5, String.class, false));
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

    private static List<String> names(Meta server, Meta.ConnectionHandle ch) {
        Meta.StatementHandle h = server.createStatement(ch);
        try {
            Meta.ExecuteResult result =
                    server.prepareAndExecute(h, "SHOW FUNCTIONS", -1, -1, new NoCallback());
            List<String> names = new ArrayList<>();
            for (Object row : result.resultSets.get(0).firstFrame.rows) {
                names.add(
                        String.valueOf(
                                row instanceof Object[] array ? array[0] : ((List<?>) row).get(0)));
            }
            return names;
        } catch (AvaticaClientRuntimeException | NoSuchStatementException e) {
            return List.of(); // an older server: no functions to tell
        } finally {
            server.closeStatement(h);
        }
    }

    private static boolean matches(Meta.Pat pattern, String name) {
        if (pattern == null || pattern.s == null) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.s.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(name).matches();
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
