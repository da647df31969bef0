package dev.weir.sqltests.oracle;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The reference engine: DuckDB in-process, over the same input. */
final class Reference implements AutoCloseable {
    private Connection connection;

    /** A fresh database holding {@code input} (and nothing else). */
    void load(OracleInput input) throws SQLException {
        close();
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            // One thread: the machine is shared, and the reference's queries are small.
            s.execute("SET threads = 1");
            for (Relation r : input.relations()) {
                s.execute(r.duckDdl());
                for (String insert : input.duckInserts(r.name())) {
                    s.execute(insert);
                }
                if (r.isStream()) {
                    s.execute(r.duckView());
                }
            }
        }
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The canonical rows of {@code sql}; sorted unless {@code ordered}. */
    List<String> rows(String sql, boolean ordered) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Object[] values = new Object[width];
                for (int i = 0; i < width; i++) {
                    values[i] = rs.getObject(i + 1);
                }
                rows.add(Canonical.row(values, width));
            }
        }
        return ordered ? rows : Canonical.sorted(rows);
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
