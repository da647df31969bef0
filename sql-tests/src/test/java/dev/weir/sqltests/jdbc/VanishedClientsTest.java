package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that vanish without closing: their connections and continuous queries are closed after
 * the server's idle timeout, shown in SHOW QUERIES until then, counted in the metrics; a client
 * that was only idle is told its connection is gone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VanishedClientsTest {
    @Test
    void idleConnectionsAndTheirQueriesAreClosedAfterTheTimeout() throws Exception {
        try (Engine engine = Engine.inMemory();
                WeirHttpServer server =
                        new WeirHttpServer(engine).withIdleTimeout(Duration.ofSeconds(4))) {
            int port = server.start("127.0.0.1", 0);
            engine.execute("CREATE STREAM clicks (page VARCHAR)");
            engine.execute("INSERT INTO clicks VALUES ('a')");
            Connection idle = DriverManager.getConnection("jdbc:weir://127.0.0.1:" + port);
            try (RawHttp vanishing = new RawHttp(port)) {
                vanishing.json("{\"request\":\"openConnection\",\"connectionId\":\"gone\"}");
                String statement =
                        field(
                                vanishing.json(
                                        "{\"request\":\"createStatement\","
                                                + "\"connectionId\":\"gone\"}"),
                                "statementId");
                vanishing.json(
                        "{\"request\":\"prepareAndExecute\",\"connectionId\":\"gone\","
                                + "\"statementId\":"
                                + statement
                                + ",\"sql\":\"SELECT page FROM clicks EMIT STREAM\","
                                + "\"maxRowCount\":-1}");
            } // the client is gone without a word

            // Until the timeout, its query is there for everyone to see.
            assertThat(showQueries(idle)).containsExactly("SELECT page FROM clicks EMIT STREAM");
            assertThat(metric(port, "weir_connections")).isEqualTo(2.0);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.meta().connectionCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.meta().connectionCount()).isZero();
            assertThat(engine.continuousQueries().running()).isEmpty();
            assertThat(metric(port, "weir_connections")).isEqualTo(0.0);
            assertThat(metric(port, "weir_idle_closed_total{kind=\"connection\"}")).isEqualTo(2.0);
            assertThat(metric(port, "weir_idle_closed_total{kind=\"statement\"}")).isEqualTo(1.0);

            // The idle client, back: its connection is gone, and says so; a new one works.
            try (Statement s = idle.createStatement()) {
                org.assertj.core.api.Assertions.fail("the closed connection still works");
            } catch (SQLException e) {
                assertThat(e.getMessage())
                        .startsWith("Connection not found: invalid id, closed, or expired: ");
            }
            try (Connection again = DriverManager.getConnection("jdbc:weir://127.0.0.1:" + port);
                    Statement s = again.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM clicks")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
                assertThat(server.meta().connectionCount()).isEqualTo(1);
            }
            idle.close();
            assertThat(server.meta().connectionCount()).isZero();
        }
    }

    private static List<String> showQueries(Connection c) throws SQLException {
        List<String> sql = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW QUERIES")) {
            while (rs.next()) {
                sql.add(rs.getString("sql"));
            }
        }
        return sql;
    }

    /** A sample's value in the server's /metrics. */
    private static double metric(int port, String sample) throws Exception {
        String text =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
        assertThat(m.find()).as(sample + " in\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
