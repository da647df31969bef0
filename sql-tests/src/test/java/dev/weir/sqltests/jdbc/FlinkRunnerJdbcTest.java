package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Engine;
import dev.weir.server.flink.FlinkOptions;
import dev.weir.server.flink.FlinkQueryRunner;
import dev.weir.server.http.WeirHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with the Flink runner ({@code weir server --runner flink}, an in-process MiniCluster at
 * parallelism 2) beside one with the local runner: the same continuous queries over a file stream
 * give the same rows over JDBC (change rows, undo flags, versions); SHOW QUERIES shows the Flink
 * job; CANCEL QUERY and closing the statement cancel it; what Flink cannot run runs locally.
 */
class FlinkRunnerJdbcTest {
    @TempDir static Path dir;

    private static Engine flinkEngine;
    private static Engine localEngine;
    private static FlinkQueryRunner flink;
    private static WeirHttpServer flinkServer;
    private static WeirHttpServer localServer;
    private static int flinkPort;
    private static int localPort;

    /** Bids over 40 s; the row at 10:00:05 comes after the watermark passed 10:00:10: late. */
    private static final String BIDS =
            """
            2026-01-01 10:00:01,a,3
            2026-01-01 10:00:04,b,5
            2026-01-01 10:00:07,a,2
            2026-01-01 10:00:12,b,7
            2026-01-01 10:00:05,c,9
            2026-01-01 10:00:15,a,1
            2026-01-01 10:00:31,c,4
            2026-01-01 10:00:33,b,6
            """;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("bids.csv"), BIDS);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            many.append("2026-01-01 10:00:00,item")
                    .append(i % 97)
                    .append(',')
                    .append(i)
                    .append('\n');
        }
        Files.writeString(dir.resolve("many.csv"), many);
        flink = new FlinkOptions(2, Optional.empty()).start();
        flinkEngine = Engine.inMemory().runContinuousQueriesOn(flink);
        flinkServer = new WeirHttpServer(flinkEngine);
        flinkPort = flinkServer.start("127.0.0.1", 0);
        localEngine = Engine.inMemory();
        localServer = new WeirHttpServer(localEngine);
        localPort = localServer.start("127.0.0.1", 0);
        for (int port : new int[] {flinkPort, localPort}) {
            try (Connection c = connect(port);
                    Statement s = c.createStatement()) {
                for (String name : List.of("bids", "many")) {
                    s.execute(
                            "CREATE STREAM "
                                    + name
                                    + " (ts TIMESTAMP(3), item VARCHAR, price INT, WATERMARK FOR"
                                    + " ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'file',"
                                    + " 'path' = '"
                                    + dir.resolve(name + ".csv")
                                    + "', 'format' = 'csv')");
                }
                s.execute("CREATE STREAM notes (ts TIMESTAMP(3), note VARCHAR)");
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        flinkServer.close();
        localServer.close();
        flinkEngine.close();
        localEngine.close();
        flink.close();
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:weir://127.0.0.1:" + port);
    }

    @Test
    void windowedAggregateAfterWatermarkGivesTheLocalRunnersRows() throws Exception {
        String sql =
                "SELECT item, window_start, window_end, COUNT(*) AS n, SUM(price) AS total FROM"
                        + " TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP"
                        + " BY item, window_start, window_end EMIT STREAM AFTER WATERMARK";
        List<String> onFlink = rows(flinkPort, sql);
        // c's late row (10:00:05, after the watermark passed 10:00:10) is dropped by both.
        assertThat(onFlink)
                .containsExactly(
                        "a|2026-01-01 10:00:00.0|2026-01-01 10:00:10.0|2|5|false|0",
                        "a|2026-01-01 10:00:10.0|2026-01-01 10:00:20.0|1|1|false|0",
                        "b|2026-01-01 10:00:00.0|2026-01-01 10:00:10.0|1|5|false|0",
                        "b|2026-01-01 10:00:10.0|2026-01-01 10:00:20.0|1|7|false|0",
                        "b|2026-01-01 10:00:30.0|2026-01-01 10:00:40.0|1|6|false|0",
                        "c|2026-01-01 10:00:30.0|2026-01-01 10:00:40.0|1|4|false|0");
        assertThat(onFlink).isEqualTo(rows(localPort, sql));
    }

    @Test
    void filterGivesTheLocalRunnersRowsInTheirOrder() throws Exception {
        String sql = "SELECT item, price FROM bids WHERE price > 2 EMIT STREAM";
        List<String> onFlink = unsorted(flinkPort, sql);
        assertThat(onFlink)
                .containsExactly(
                        "a|3|false|0",
                        "b|5|false|0",
                        "b|7|false|0",
                        "c|9|false|0",
                        "c|4|false|0",
                        "b|6|false|0");
        assertThat(onFlink).isEqualTo(unsorted(localPort, sql));
    }

    @Test
    void updatingAggregateGivesTheLocalRunnersChangesPerKey() throws Exception {
        String sql = "SELECT item, SUM(price) AS total FROM bids GROUP BY item EMIT STREAM";
        List<String> onFlink = rows(flinkPort, sql);
        // Each key's changes in order, with its undo flags and versions (keys interleave freely
        // across Flink's instances, so the rows are compared sorted).
        assertThat(onFlink)
                .containsExactly(
                        "a|3|false|0",
                        "a|3|true|1",
                        "a|5|false|2",
                        "a|5|true|3",
                        "a|6|false|4",
                        "b|12|false|2",
                        "b|12|true|3",
                        "b|18|false|4",
                        "b|5|false|0",
                        "b|5|true|1",
                        "c|13|false|2",
                        "c|9|false|0",
                        "c|9|true|1");
        assertThat(onFlink).isEqualTo(rows(localPort, sql));
    }

    @Test
    void showQueriesShowsTheFlinkJobAndCancelQueryCancelsIt() throws Exception {
        try (Connection c = connect(flinkPort);
                Statement s = c.createStatement();
                Connection admin = connect(flinkPort);
                Statement a = admin.createStatement()) {
            // Far more rows than the client reads: the job waits for it, running.
            ResultSet rs = s.executeQuery("SELECT item, price FROM many EMIT STREAM");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("item")).isEqualTo("item0");
            String[] query = flinkQuery(a, "SELECT item, price FROM many EMIT STREAM");
            assertThat(jobState(query[1])).isEqualTo("RUNNING");
            a.execute("CANCEL QUERY '" + query[0] + "'");
            assertThat(awaitJobState(query[1], "CANCELED")).isEqualTo("CANCELED");
            assertThat(queryIds(a)).doesNotContain(query[0]);
        }
    }

    @Test
    void closingTheStatementCancelsTheFlinkJob() throws Exception {
        String sql = "SELECT item FROM many WHERE price >= 0 EMIT STREAM";
        String jobId;
        try (Connection admin = connect(flinkPort);
                Statement a = admin.createStatement()) {
            try (Connection c = connect(flinkPort);
                    Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery(sql);
                assertThat(rs.next()).isTrue();
                jobId = flinkQuery(a, sql)[1];
                assertThat(jobState(jobId)).isEqualTo("RUNNING");
            }
            assertThat(awaitJobState(jobId, "CANCELED")).isEqualTo("CANCELED");
        }
    }

    @Test
    void anErrorRaisedOnFlinkReachesTheClientWithItsCode() {
        // The first row (price 3) divides by zero: the query fails, on Flink as locally.
        String sql = "SELECT item, 10 / (price - 3) AS q FROM bids EMIT STREAM";
        for (int port : new int[] {flinkPort, localPort}) {
            assertThatThrownBy(() -> unsorted(port, sql))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> {
                                assertThat(e.getErrorCode()).isEqualTo(26);
                                assertThat(e.getSQLState()).isEqualTo("22012");
                            });
        }
    }

    @Test
    void whatFlinkCannotRunRunsOnTheLocalRunner() throws Exception {
        try (Connection c = connect(flinkPort);
                Statement s = c.createStatement();
                Connection admin = connect(flinkPort);
                Statement a = admin.createStatement()) {
            // An internal stream lives in the server: Flink's task managers cannot read it.
            ResultSet rs = s.executeQuery("SELECT note FROM notes EMIT STREAM");
            a.execute("INSERT INTO notes VALUES (TIMESTAMP '2026-01-01 10:00:00', 'kept here')");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("note")).isEqualTo("kept here");
            try (ResultSet q =
                    a.executeQuery(
                            "SELECT runner, runner_job_id FROM sys.queries WHERE sql = 'SELECT"
                                    + " note FROM notes EMIT STREAM'")) {
                assertThat(q.next()).isTrue();
                assertThat(q.getString(1)).isEqualTo("local");
                assertThat(q.getString(2)).isNull();
                assertThat(q.next()).isFalse();
            }
        }
    }

    /** The query's id and Flink job id, from SHOW QUERIES. */
    private static String[] flinkQuery(Statement admin, String sql) throws SQLException {
        try (ResultSet q = admin.executeQuery("SHOW QUERIES")) {
            while (q.next()) {
                if (q.getString("sql").equals(sql)) {
                    assertThat(q.getString("runner")).isEqualTo("flink");
                    String jobId = q.getString("runner_job_id");
                    assertThat(jobId).matches("[0-9a-f]{32}");
                    return new String[] {q.getString("id"), jobId};
                }
            }
        }
        throw new AssertionError("SHOW QUERIES does not list " + sql);
    }

    private static List<String> queryIds(Statement admin) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet q = admin.executeQuery("SELECT id FROM sys.queries")) {
            while (q.next()) {
                ids.add(q.getString(1));
            }
        }
        return ids;
    }

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");

    /** The job's state as Flink's REST API gives it. */
    private static String jobState(String jobId) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://"
                                                                + flink.restAddress()
                                                                + "/jobs/"
                                                                + jobId))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        Matcher m = STATE.matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }

    private static String awaitJobState(String jobId, String wanted) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String state = jobState(jobId);
        while (!state.equals(wanted) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            state = jobState(jobId);
        }
        return state;
    }

    /** The query's rows, sorted, each its values without {@code ptime} (the wall clock). */
    private static List<String> rows(int port, String sql) throws SQLException {
        return unsorted(port, sql).stream().sorted().collect(Collectors.toList());
    }

    /** The query's rows in the order they came, until it ends (its file is read). */
    private static List<String> unsorted(int port, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(port);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                rows.add(
                        IntStream.rangeClosed(1, meta.getColumnCount())
                                .filter(i -> !isPtime(meta, i))
                                .mapToObj(i -> value(rs, i))
                                .collect(Collectors.joining("|")));
            }
        }
        return rows;
    }

    private static boolean isPtime(ResultSetMetaData meta, int column) {
        try {
            return meta.getColumnLabel(column).equals("ptime");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String value(ResultSet rs, int column) {
        try {
            return String.valueOf(rs.getObject(column));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
