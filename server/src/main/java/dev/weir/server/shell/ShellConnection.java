package dev.weir.server.shell;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import sqlline.BuiltInProperty;
import sqlline.SqlLine;

/**
 * The shell's view of a connection. For each result it sets sqlline's own table settings: a finite
 * result (SHOW, DESCRIBE, a snapshot, {@code !tables}) is buffered, so that column widths fit its
 * data (sqlline's {@code incremental=false}); a continuous one prints row by row as rows come
 * ({@code incremental=true}, widths from the header and the column types), with a status line while
 * it waits for its first rows. Text longer than {@code maxColumnWidth} is cut, ending in "…", so
 * that no value runs past its column's border.
 */
final class ShellConnection {
    /** The columns every continuous result ends with (DIALECT.md). */
    private static final List<String> STREAM_COLUMNS = List.of("undo", "ptime", "ver");

    private ShellConnection() {}

    static Connection wrap(Connection connection, SqlLine sqlLine, QueryFigures figures) {
        return proxy(
                Connection.class,
                connection,
                (method, args) -> {
                    if (method.getName().equals("getMetaData")) {
                        // Metadata results (!tables, !columns) are finite.
                        incremental(sqlLine, false);
                    }
                    if (method.getName().equals("close")) {
                        figures.close();
                    }
                    Object result = method.invoke(connection, args);
                    // Plain statements only: a prepared or callable one keeps its own type.
                    return method.getName().equals("createStatement")
                            ? statement((Statement) result, sqlLine, figures)
                            : result;
                });
    }

    private static Statement statement(Statement statement, SqlLine sqlLine, QueryFigures figures) {
        ResultSet[] current = new ResultSet[1];
        String[] sql = new String[1];
        return proxy(
                Statement.class,
                statement,
                (method, args) -> {
                    String name = method.getName();
                    if ((name.equals("execute") || name.equals("executeQuery"))
                            && args != null
                            && args.length == 1
                            && args[0] instanceof String text) {
                        sql[0] = text;
                        current[0] = null;
                    }
                    if (name.equals("getResultSet") && current[0] != null) {
                        return current[0];
                    }
                    Object result = method.invoke(statement, args);
                    if (name.equals("getResultSet") || name.equals("executeQuery")) {
                        if (result instanceof ResultSet rs) {
                            current[0] = resultSet(rs, sql[0], sqlLine, figures);
                            return current[0];
                        }
                    }
                    return result;
                });
    }

    private static ResultSet resultSet(
            ResultSet rs, String sql, SqlLine sqlLine, QueryFigures figures) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        boolean continuous = isContinuous(meta);
        incremental(sqlLine, continuous);
        boolean[] waited = {!continuous || sql == null};
        return proxy(
                ResultSet.class,
                rs,
                (method, args) -> {
                    String name = method.getName();
                    if (name.equals("next") && !waited[0]) {
                        waited[0] = true;
                        try (StatusLine status = StatusLine.start(sql, figures)) {
                            return method.invoke(rs, args);
                        }
                    }
                    Object result = method.invoke(rs, args);
                    if (name.equals("getString")
                            && result instanceof String text
                            && args[0] instanceof Integer column
                            && isText(meta.getColumnType(column))) {
                        return cut(text, sqlLine.getOpts().getMaxColumnWidth());
                    }
                    return result;
                });
    }

    /** A continuous result ends with the stream columns {@code undo, ptime, ver}. */
    static boolean isContinuous(ResultSetMetaData meta) throws SQLException {
        int n = meta.getColumnCount();
        if (n < STREAM_COLUMNS.size()) {
            return false;
        }
        for (int i = 0; i < STREAM_COLUMNS.size(); i++) {
            if (!meta.getColumnLabel(n - STREAM_COLUMNS.size() + 1 + i)
                    .equals(STREAM_COLUMNS.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isText(int type) {
        return type == Types.VARCHAR || type == Types.CHAR || type == Types.LONGVARCHAR;
    }

    /** {@code text} cut to {@code width} characters, the last one "…", when longer. */
    static String cut(String text, int width) {
        if (width <= 1 || text.length() <= width) {
            return text;
        }
        return text.substring(0, width - 1) + "…";
    }

    private static void incremental(SqlLine sqlLine, boolean incremental) {
        sqlLine.getOpts().set(BuiltInProperty.INCREMENTAL, incremental);
    }

    /** A call on the wrapped object, given its method and arguments. */
    private interface Call {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    /** Calls {@code call} for every method of {@code type}, throwing what the target throws. */
    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler =
                (self, method, args) -> {
                    if (method.getName().equals("unwrap")
                            || method.getName().equals("isWrapperFor")) {
                        return method.invoke(target, args);
                    }
                    try {
                        return call.invoke(method, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                };
        return type.cast(
                Proxy.newProxyInstance(
                        ShellConnection.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
