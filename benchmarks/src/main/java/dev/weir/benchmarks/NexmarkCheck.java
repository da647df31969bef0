package dev.weir.benchmarks;

import dev.weir.benchmarks.nexmark.NexmarkFileStreams;
import dev.weir.benchmarks.nexmark.NexmarkQueries;
import dev.weir.benchmarks.nexmark.NexmarkQuery;
import dev.weir.benchmarks.nexmark.NexmarkReference;
import dev.weir.benchmarks.nexmark.QueryRun;
import dev.weir.engine.Engine;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.TreeMap;

/**
 * Checks Weir's answers to the Nexmark queries against DuckDB's on the same CSV files: each query
 * runs as a user's {@code EMIT STREAM} query over the {@code file} streams (as {@link NexmarkFiles}
 * runs it), its changes folded into final rows, and DuckDB computes the answer from the query's
 * definition ({@link NexmarkReference}); the two must be the same rows, each as often.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.weir.benchmarks.NexmarkCheck [--jdbc URL] DATADIR [QUERY...]
 * </pre>
 *
 * <p>With {@code --jdbc jdbc:weir://host:port}, Weir's side is a running server, read as a client
 * reads it (the streams created over the files by DDL, each query's rows fetched through the
 * driver): so a server started with {@code --runner flink} checks the Flink runner. The {@code
 * CHECK} line then says which runner ran the query ({@code SHOW QUERIES}' {@code runner}).
 *
 * <p>Prints a {@code CHECK} line per query and exits 1 if any differs (showing a few of the rows
 * that differ), or if a query dropped late rows (then the batch answer is not the streaming one).
 */
public final class NexmarkCheck {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final int SHOWN = 5;

    private NexmarkCheck() {}

    public static void main(String[] args) throws Exception {
        int first = 0;
        String jdbc = null;
        if (args.length >= 2 && args[0].equals("--jdbc")) {
            jdbc = args[1];
            first = 2;
        }
        if (args.length <= first) {
            System.err.println("usage: NexmarkCheck [--jdbc URL] DATADIR [QUERY...]");
            System.exit(2);
        }
        Path data = Path.of(args[first]);
        List<String> queries = new ArrayList<>();
        for (int i = first + 1; i < args.length; i++) {
            queries.add(args[i]);
        }
        Optional<ServerSide> server = Optional.empty();
        if (jdbc != null) {
            // Timestamps cross the protocol as zone-less values: read them as UTC.
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            server = Optional.of(ServerSide.connect(jdbc, data));
        }
        if (queries.isEmpty()) {
            for (NexmarkQuery q : NexmarkQueries.all()) {
                if (NexmarkReference.find(q.name()).isPresent()) {
                    queries.add(q.name());
                }
            }
        }
        int failed = 0;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            load(duck, data);
            for (String name : queries) {
                if (!check(name, data, duck, server)) {
                    failed++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "CHECKED %d queries, %d differ%n", queries.size(), failed);
        System.exit(failed == 0 ? 0 : 1);
    }

    /** The three files as tables, each row with its position in its file. */
    static void load(Connection duck, Path data) throws SQLException {
        Map<String, String> columns =
                Map.of(
                        "person",
                        "{'id': 'BIGINT', 'name': 'VARCHAR', 'emailAddress': 'VARCHAR',"
                                + " 'creditCard': 'VARCHAR', 'city': 'VARCHAR', 'state': 'VARCHAR',"
                                + " 'dateTime': 'TIMESTAMP', 'extra': 'VARCHAR'}",
                        "auction",
                        "{'id': 'BIGINT', 'itemName': 'VARCHAR', 'description': 'VARCHAR',"
                                + " 'initialBid': 'BIGINT', 'reserve': 'BIGINT',"
                                + " 'dateTime': 'TIMESTAMP', 'expires': 'TIMESTAMP',"
                                + " 'seller': 'BIGINT', 'category': 'BIGINT', 'extra': 'VARCHAR'}",
                        "bid",
                        "{'auction': 'BIGINT', 'bidder': 'BIGINT', 'price': 'BIGINT',"
                                + " 'channel': 'VARCHAR', 'url': 'VARCHAR', 'dateTime': 'TIMESTAMP',"
                                + " 'extra': 'VARCHAR'}");
        try (Statement s = duck.createStatement()) {
            // One thread while loading, so that row_number() follows the file's order.
            s.execute("SET threads = 1");
            for (String stream : NexmarkFileStreams.STREAMS) {
                String file = data.resolve(stream + ".csv").toAbsolutePath().toString();
                s.execute(
                        "CREATE TABLE "
                                + stream
                                + " AS SELECT *, row_number() OVER () AS pos FROM read_csv('"
                                + file.replace("'", "''")
                                + "', header = true, quote = '', escape = '', columns = "
                                + columns.get(stream)
                                + ")");
            }
            s.execute("RESET threads");
        }
    }

    /** One query's comparison: the rows each side has that the other lacks. */
    record Outcome(
            String query,
            Optional<String> runner,
            int weirRows,
            int referenceRows,
            long changes,
            long late,
            List<String> missing,
            List<String> extra) {
        boolean same() {
            return missing.isEmpty() && extra.isEmpty() && late == 0;
        }
    }

    private static boolean check(
            String name, Path data, Connection duck, Optional<ServerSide> server) throws Exception {
        long started = System.nanoTime();
        Outcome outcome =
                server.isPresent() ? server.get().compare(name, duck) : compare(name, data, duck);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "CHECK %s %s%s weir_rows=%d duckdb_rows=%d changes=%d late=%d seconds=%.1f%s%n",
                name,
                outcome.runner().map(r -> "runner=" + r + " ").orElse(""),
                outcome.same() ? "OK" : "DIFFERENT",
                outcome.weirRows(),
                outcome.referenceRows(),
                outcome.changes(),
                outcome.late(),
                seconds,
                NexmarkReference.find(name).orElseThrow().compared().isEmpty()
                        ? ""
                        : " columns=" + NexmarkReference.find(name).orElseThrow().compared());
        show("  missing from Weir: ", outcome.missing());
        show("  only in Weir:      ", outcome.extra());
        System.out.flush();
        return outcome.same();
    }

    static NexmarkQuery query(String name) {
        return NexmarkQueries.find(name)
                .orElseThrow(() -> new IllegalArgumentException("no query " + name));
    }

    static NexmarkReference reference(String name) {
        return NexmarkReference.find(name)
                .orElseThrow(() -> new IllegalArgumentException("no reference " + name));
    }

    /** Runs {@code name} on Weir over the files in {@code data} and on DuckDB's tables of them. */
    static Outcome compare(String name, Path data, Connection duck) throws Exception {
        NexmarkQuery query = NexmarkCheck.query(name);
        NexmarkReference reference = NexmarkCheck.reference(name);
        QueryRun run;
        try (Engine engine = Engine.inMemory()) {
            for (String ddl : NexmarkFileStreams.createStatements(data)) {
                engine.execute(ddl);
            }
            run = QueryRun.run(engine, query, true);
        }
        List<String> weir = comparable(run.finalRows().orElseThrow().lines(), reference);
        List<String> expected = project(rows(duck, reference.sql()), reference.compared());
        return new Outcome(
                name,
                Optional.empty(),
                weir.size(),
                expected.size(),
                run.changes(),
                run.late(),
                minus(expected, weir),
                minus(weir, expected));
    }

    private static void show(String label, List<String> rows) {
        for (int i = 0; i < Math.min(SHOWN, rows.size()); i++) {
            System.out.println(label + rows.get(i));
        }
        if (rows.size() > SHOWN) {
            System.out.println(label + "... " + (rows.size() - SHOWN) + " more");
        }
    }

    /** DuckDB's rows, written as {@code FinalRows} writes Weir's. */
    static List<String> rows(Connection duck, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            int n = meta.getColumnCount();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) {
                        line.append(',');
                    }
                    line.append(text(rs, i, meta.getColumnType(i)));
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }

    static String text(ResultSet rs, int column, int type) throws SQLException {
        Object value = rs.getObject(column);
        if (value instanceof java.sql.Timestamp t) {
            value = t.toLocalDateTime();
        } else if (type == Types.TIMESTAMP && value != null) {
            value = rs.getObject(column, LocalDateTime.class);
        }
        if (value == null) {
            return "";
        }
        if (value instanceof LocalDateTime t) {
            return t.format(TIMESTAMP);
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    /** Weir's rows as the reference's: the compared columns, summed where it says so, sorted. */
    static List<String> comparable(List<String> lines, NexmarkReference reference) {
        List<String> projected = project(lines, reference.compared());
        if (!reference.summed()) {
            return projected;
        }
        Map<String, Long> sums = new TreeMap<>();
        for (String line : projected) {
            int last = line.lastIndexOf(',');
            sums.merge(
                    line.substring(0, last), Long.parseLong(line.substring(last + 1)), Long::sum);
        }
        List<String> summed = new ArrayList<>(sums.size());
        sums.forEach((key, sum) -> summed.add(key + "," + sum));
        summed.sort(null);
        return summed;
    }

    /**
     * The compared columns of each line, sorted. The generator's CSV is unquoted, so no value holds
     * a comma and a line splits back into its values.
     */
    static List<String> project(List<String> lines, List<Integer> columns) {
        List<String> projected = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (columns.isEmpty()) {
                projected.add(line);
                continue;
            }
            String[] values = line.split(",", -1);
            StringBuilder b = new StringBuilder();
            for (int c : columns) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(values[c]);
            }
            projected.add(b.toString());
        }
        projected.sort(null);
        return projected;
    }

    /** The rows of {@code a} not matched, one for one, by rows of {@code b}. */
    static List<String> minus(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : b) {
            counts.merge(line, 1, Integer::sum);
        }
        List<String> left = new ArrayList<>();
        for (String line : a) {
            Integer n = counts.get(line);
            if (n == null || n == 0) {
                left.add(line);
            } else {
                counts.put(line, n - 1);
            }
        }
        return left;
    }
}
