package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.Role;
import dev.weir.server.http.Users;
import dev.weir.server.http.WeirHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roles over JDBC: what a reader and a writer may not run is refused with SQLSTATE 42501 at the
 * statement's position, CANCEL QUERY of another user's query too; and the server's limits on
 * connections (53300) and queries (53400), counted in /metrics.
 */
class RightsAndLimitsTest {
    private static final String READER_RIGHTS =
            "a reader may run queries, SHOW, DESCRIBE, EXPLAIN and CANCEL QUERY of their own"
                    + " queries.";
    private static final String WRITER_RIGHTS =
            "a writer may run queries, SHOW, DESCRIBE, EXPLAIN, INSERT, UPSERT, UPDATE, DELETE and"
                    + " CANCEL QUERY of their own queries.";

    private static Engine engine;
    private static WeirHttpServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.inMemory();
        server =
                new WeirHttpServer(
                        engine,
                        Optional.of(
                                Users.withRoles(
                                        Map.of(
                                                "ann", Map.entry(Role.ADMIN, "ann-pw"),
                                                "wes", Map.entry(Role.WRITER, "wes-pw"),
                                                "rob", Map.entry(Role.READER, "rob-pw"),
                                                "rae", Map.entry(Role.READER, "rae-pw")))));
        port = server.start("127.0.0.1", 0);
        engine.executeScript(
                "CREATE STREAM clicks (page VARCHAR); INSERT INTO clicks VALUES ('a'), ('b');"
                        + " CREATE STREAM copies (page VARCHAR);"
                        + " CREATE TABLE prices (item INT PRIMARY KEY, price INT);");
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    private static Connection as(String user) throws SQLException {
        return DriverManager.getConnection("jdbc:weir://127.0.0.1:" + port, user, user + "-pw");
    }

    private static void refused(Statement s, String sql, String message) {
        assertThatThrownBy(() -> s.execute(sql))
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getErrorCode()).isEqualTo(42);
                            assertThat(e.getMessage()).isEqualTo(message);
                        });
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    @Test
    void aReaderQueriesButChangesNothing() throws Exception {
        try (Connection c = as("rob");
                Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM clicks")).isEqualTo(2);
            assertThat(s.execute("SHOW STREAMS")).isTrue();
            assertThat(s.execute("DESCRIBE clicks")).isTrue();
            assertThat(s.execute("EXPLAIN SELECT page FROM clicks")).isTrue();
            assertThat(c.getMetaData().getTables(null, null, "CLICKS", null).next()).isTrue();
            refused(
                    s,
                    "CREATE STREAM mine (a INT)",
                    "line 1:1: Permission denied: user 'rob' (role reader) may not run CREATE"
                            + " STREAM; "
                            + READER_RIGHTS
                            + " [INSUFFICIENT_PRIVILEGE]");
            refused(
                    s,
                    "\n  DROP STREAM clicks",
                    "line 2:3: Permission denied: user 'rob' (role reader) may not run DROP"
                            + " STREAM; "
                            + READER_RIGHTS
                            + " [INSUFFICIENT_PRIVILEGE]");
            refused(
                    s,
                    "INSERT INTO clicks VALUES ('c')",
                    "line 1:1: Permission denied: user 'rob' (role reader) may not run INSERT; "
                            + READER_RIGHTS
                            + " [INSUFFICIENT_PRIVILEGE]");
            refused(
                    s,
                    "UPSERT INTO prices VALUES (1, 2)",
                    "line 1:1: Permission denied: user 'rob' (role reader) may not run UPSERT; "
                            + READER_RIGHTS
                            + " [INSUFFICIENT_PRIVILEGE]");
            refused(
                    s,
                    "DELETE FROM prices WHERE item = 1",
                    "line 1:1: Permission denied: user 'rob' (role reader) may not run DELETE; "
                            + READER_RIGHTS
                            + " [INSUFFICIENT_PRIVILEGE]");
            // Nothing changed, and the connection goes on.
            assertThat(count(s, "SELECT COUNT(*) FROM clicks")).isEqualTo(2);
            assertThat(engine.catalog().find("mine")).isEmpty();
        }
    }

    @Test
    void aWriterWritesButDefinesNothing() throws Exception {
        try (Connection c = as("wes");
                Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPSERT INTO prices VALUES (7, 70)")).isEqualTo(1);
            assertThat(s.executeUpdate("UPDATE prices SET price = 71 WHERE item = 7")).isEqualTo(1);
            assertThat(count(s, "SELECT price FROM prices WHERE item = 7")).isEqualTo(71);
            assertThat(s.executeUpdate("DELETE FROM prices WHERE item = 7")).isEqualTo(1);
            refused(
                    s,
                    "CREATE TABLE mine (a INT PRIMARY KEY)",
                    "line 1:1: Permission denied: user 'wes' (role writer) may not run CREATE"
                            + " TABLE; "
                            + WRITER_RIGHTS
                            + " [INSUFFICIENT_PRIVILEGE]");
            refused(
                    s,
                    "DROP TABLE prices",
                    "line 1:1: Permission denied: user 'wes' (role writer) may not run DROP"
                            + " TABLE; "
                            + WRITER_RIGHTS
                            + " [INSUFFICIENT_PRIVILEGE]");
            refused(
                    s,
                    "CREATE MATERIALIZED VIEW pages AS SELECT page, COUNT(*) AS n FROM clicks"
                            + " GROUP BY page",
                    "line 1:1: Permission denied: user 'wes' (role writer) may not run CREATE"
                            + " MATERIALIZED VIEW; "
                            + WRITER_RIGHTS
                            + " [INSUFFICIENT_PRIVILEGE]");
        }
    }

    /** The continuous query {@code user} runs now (one at a time in these tests). */
    private static String queryOf(String user) {
        List<String> ids = new ArrayList<>();
        for (ContinuousQuery q : engine.continuousQueries().running()) {
            if (q.owner().equals(Optional.of(user))) {
                ids.add(q.id());
            }
        }
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    @Test
    void everyoneCancelsTheirOwnQueriesAndOnlyAnAdminAnyoneElses() throws Exception {
        try (Connection rob = as("rob");
                Statement robs = rob.createStatement();
                Connection rae = as("rae");
                Statement raes = rae.createStatement();
                Connection ann = as("ann");
                Statement anns = ann.createStatement()) {
            ResultSet rows = robs.executeQuery("SELECT page FROM clicks EMIT STREAM");
            assertThat(rows.next()).isTrue();
            String id = queryOf("rob");
            refused(
                    raes,
                    "CANCEL QUERY '" + id + "'",
                    "line 1:1: Permission denied: query '"
                            + id
                            + "' was started by another user; user 'rae' (role reader) may cancel"
                            + " only the queries they started (an admin may cancel any)."
                            + " [INSUFFICIENT_PRIVILEGE]");
            assertThat(engine.continuousQueries().find(id)).isPresent();
            // rob's own: cancelled.
            try (Statement other = rob.createStatement()) {
                assertThat(other.executeUpdate("CANCEL QUERY '" + id + "'")).isZero();
            }
            assertThat(engine.continuousQueries().find(id)).isEmpty();

            try (Statement again = rob.createStatement();
                    ResultSet more = again.executeQuery("SELECT page FROM clicks EMIT STREAM")) {
                assertThat(more.next()).isTrue();
                String second = queryOf("rob");
                // An admin cancels anyone's.
                assertThat(anns.executeUpdate("CANCEL QUERY '" + second + "'")).isZero();
                assertThat(engine.continuousQueries().find(second)).isEmpty();
            }
            // An unknown id is still QUERY_NOT_FOUND for a reader.
            assertThatThrownBy(() -> raes.execute("CANCEL QUERY 'q999999'"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("42704"));
        }
    }

    @Test
    void aWritersPersistentQueryIsCancelledByAnAdminOnly() throws Exception {
        try (Connection wes = as("wes");
                Statement s = wes.createStatement();
                Connection ann = as("ann");
                Statement anns = ann.createStatement()) {
            s.execute("INSERT INTO copies SELECT page FROM clicks");
            String id = engine.persistentQueries().keySet().iterator().next();
            refused(
                    s,
                    "CANCEL QUERY '" + id + "'",
                    "line 1:1: Permission denied: query '"
                            + id
                            + "' is a persistent INSERT ... SELECT, which only an admin may"
                            + " cancel; user 'wes' (role writer) may cancel only the continuous"
                            + " queries they started. [INSUFFICIENT_PRIVILEGE]");
            assertThat(engine.persistentQueries()).containsKey(id);
            assertThat(anns.executeUpdate("CANCEL QUERY '" + id + "'")).isZero();
            assertThat(engine.persistentQueries()).doesNotContainKey(id);
        }
    }

    @Test
    void limitsOnConnectionsAndQueriesAreRefusedWithTheirSqlStatesAndCounted() throws Exception {
        try (Engine small = Engine.inMemory().limitQueries(2);
                WeirHttpServer limited = new WeirHttpServer(small).withMaxConnections(2)) {
            int smallPort = limited.start("127.0.0.1", 0);
            small.executeScript("CREATE STREAM ticks (n INT); INSERT INTO ticks VALUES (1);");
            String url = "jdbc:weir://127.0.0.1:" + smallPort;
            try (Connection first = DriverManager.getConnection(url);
                    Connection second = DriverManager.getConnection(url)) {
                assertThatThrownBy(
                                () -> {
                                    try (Connection third = DriverManager.getConnection(url);
                                            Statement s = third.createStatement()) {
                                        s.execute("SELECT 1");
                                    }
                                })
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> {
                                    assertThat(e.getSQLState()).isEqualTo("53300");
                                    assertThat(e.getErrorCode()).isEqualTo(200_006);
                                    assertThat(e.getMessage())
                                            .isEqualTo(
                                                    "Too many connections: the server takes at"
                                                            + " most 2 open connections, and has"
                                                            + " that many. Close connections you"
                                                            + " no longer use, or start the server"
                                                            + " with a higher --max-connections."
                                                            + " [TOO_MANY_CONNECTIONS]");
                                });

                Statement a = first.createStatement();
                Statement b = first.createStatement();
                ResultSet ra = a.executeQuery("SELECT n FROM ticks EMIT STREAM");
                ResultSet rb = b.executeQuery("SELECT n FROM ticks EMIT STREAM");
                assertThat(ra.next()).isTrue();
                assertThat(rb.next()).isTrue();
                try (Statement c = second.createStatement()) {
                    assertThatThrownBy(() -> c.executeQuery("SELECT n FROM ticks EMIT STREAM"))
                            .isInstanceOfSatisfying(
                                    SQLException.class,
                                    e -> {
                                        assertThat(e.getSQLState()).isEqualTo("53400");
                                        assertThat(e.getErrorCode()).isEqualTo(200_003);
                                        assertThat(e.getMessage())
                                                .isEqualTo(
                                                        "line 1:1: Too many queries: the server"
                                                                + " runs at most 2 continuous and"
                                                                + " persistent queries at once,"
                                                                + " and runs that many now."
                                                                + " Cancel one (SHOW QUERIES lists"
                                                                + " them), or start the server"
                                                                + " with a higher --max-queries."
                                                                + " [TOO_MANY_QUERIES]");
                                    });
                    // A snapshot query is no continuous one: it runs.
                    assertThat(count(c, "SELECT COUNT(*) FROM ticks")).isEqualTo(1);
                    // Once one ends, another starts.
                    a.close();
                    try (ResultSet rc = c.executeQuery("SELECT n FROM ticks EMIT STREAM")) {
                        assertThat(rc.next()).isTrue();
                    }
                }
                b.close();
            }
            // A closed connection frees its place.
            try (Connection again = DriverManager.getConnection(url);
                    Statement s = again.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM ticks")).isEqualTo(1);
            }
            HttpResponse<String> metrics =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + smallPort
                                                                    + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body().lines())
                    .contains(
                            "weir_refused_total{reason=\"connections\"} 1.0",
                            "weir_refused_total{reason=\"queries\"} 1.0",
                            "weir_refused_total{reason=\"privilege\"} 0.0");
        }
    }

    @Test
    void privilegeRefusalsAreCountedInMetrics() throws Exception {
        long before = engine.refusals().privilege();
        try (Connection c = as("rob");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DROP TABLE prices"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(engine.refusals().privilege()).isEqualTo(before + 1);
        HttpResponse<String> metrics =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .header(
                                                "Authorization",
                                                "Basic "
                                                        + Base64.getEncoder()
                                                                .encodeToString(
                                                                        "rob:rob-pw".getBytes()))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body().lines())
                .contains(
                        "weir_refused_total{reason=\"privilege\"} "
                                + (double) engine.refusals().privilege());
    }
}
