package dev.weir.benchmarks;

import dev.weir.benchmarks.nexmark.NexmarkFileStreams;
import dev.weir.benchmarks.nexmark.NexmarkQuery;
import dev.weir.benchmarks.nexmark.NexmarkReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@link NexmarkCheck}'s Weir side when it is a running server: the Nexmark streams created over
 * the files by DDL, each query read through {@code jdbc:weir://} as a client reads it, its changes
 * folded into final rows (each {@code undo} row taking one back).
 */
final class ServerSide {
    private final Connection connection;

    private ServerSide(Connection connection) {
        this.connection = connection;
    }

    static ServerSide connect(String url, Path data) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        try (Statement s = connection.createStatement()) {
            for (String stream : NexmarkFileStreams.STREAMS) {
                s.execute("DROP STREAM IF EXISTS " + stream);
            }
            s.execute("DROP STREAM IF EXISTS " + NexmarkFileStreams.BID_WITH_PROCESSING_TIME);
            for (String ddl : NexmarkFileStreams.createStatements(data)) {
                s.execute(ddl);
            }
        }
        return new ServerSide(connection);
    }

    NexmarkCheck.Outcome compare(String name, Connection duck) throws Exception {
        NexmarkQuery query = NexmarkCheck.query(name);
        NexmarkReference reference = NexmarkCheck.reference(name);
        try (Statement s = connection.createStatement()) {
            for (String statement : query.setup()) {
                s.execute(statement);
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        long changes = 0;
        TreeSet<String> runners = new TreeSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(query.sql())) {
            ResultSetMetaData meta = rs.getMetaData();
            // The stream realization adds undo, ptime and ver after the query's own columns.
            int visible = meta.getColumnCount() - 3;
            boolean asked = false;
            while (rs.next()) {
                if (!asked) {
                    runners.addAll(runners());
                    asked = true;
                }
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= visible; i++) {
                    if (i > 1) {
                        line.append(',');
                    }
                    line.append(NexmarkCheck.text(rs, i, meta.getColumnType(i)));
                }
                int delta = rs.getBoolean(visible + 1) ? -1 : 1;
                counts.merge(line.toString(), delta, (a, b) -> a + b == 0 ? null : a + b);
                changes++;
            }
        }
        List<String> lines = new ArrayList<>();
        counts.forEach(
                (line, n) -> {
                    for (int i = 0; i < Math.abs(n); i++) {
                        lines.add(n > 0 ? line : "RETRACTED TOO OFTEN: " + line);
                    }
                });
        List<String> weir = NexmarkCheck.comparable(lines, reference);
        List<String> expected =
                NexmarkCheck.project(
                        NexmarkCheck.rows(duck, reference.sql()), reference.compared());
        return new NexmarkCheck.Outcome(
                name,
                Optional.of(runners.isEmpty() ? "unknown" : String.join("+", runners)),
                weir.size(),
                expected.size(),
                changes,
                0,
                NexmarkCheck.minus(expected, weir),
                NexmarkCheck.minus(weir, expected));
    }

    /** The runners of the continuous queries running now (this check runs one at a time). */
    private List<String> runners() throws SQLException {
        List<String> runners = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SHOW QUERIES")) {
            int column = rs.findColumn("runner");
            while (rs.next()) {
                String runner = rs.getString(column);
                if (runner != null) {
                    runners.add(runner);
                }
            }
        }
        return runners;
    }
}
