package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.server.engine.Engine;
import dev.weir.server.http.WeirHttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server over the wire, through Weir's driver and through the stock Avatica driver. */
class JdbcServerTest {
    private static Engine engine;
    private static WeirHttpServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.inMemory();
        server = new WeirHttpServer(engine);
        port = server.start("127.0.0.1", 0);
        try (Connection c = DriverManager.getConnection("jdbc:weir://127.0.0.1:" + port);
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE STREAM bids (bidtime TIMESTAMP NOT NULL, price DECIMAL(10, 2), item"
                            + " VARCHAR, WATERMARK FOR bidtime AS bidtime - INTERVAL '6' MINUTE)");
            s.execute(
                    "INSERT INTO bids VALUES (TIMESTAMP '2026-01-01 08:07:00', 2, 'A'),"
                            + " (TIMESTAMP '2026-01-01 08:11:00', 3, 'B'), (TIMESTAMP '2026-01-01"
                            + " 08:05:00', 4, 'C')");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    private static String url(String driver) {
        return driver.equals("weir")
                ? "jdbc:weir://127.0.0.1:" + port
                : "jdbc:avatica:remote:url=http://127.0.0.1:" + port + ";serialization=protobuf";
    }

    @ParameterizedTest
    @ValueSource(strings = {"weir", "avatica"})
    void snapshotQueryGivesExactRowsAndTypes(String driver) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(driver));
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT item, price, bidtime FROM bids WHERE price > 2 ORDER BY price")) {
            assertThat(rs.getMetaData().getColumnCount()).isEqualTo(3);
            assertThat(rs.getMetaData().getColumnTypeName(2)).isEqualTo("DECIMAL(10, 2)");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("B");
            assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal("3.00"));
            assertThat(rs.getTimestamp(3)).isEqualTo(Timestamp.valueOf("2026-01-01 08:11:00"));
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("C");
            assertThat(rs.next()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"weir", "avatica"})
    void errorsCarryCodeSqlStateAndPosition(String driver) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(driver));
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT nope FROM bids"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> {
                                assertThat(e.getSQLState()).isEqualTo("42S22");
                                assertThat(e.getErrorCode()).isEqualTo(11);
                                assertThat(e.getMessage())
                                        .contains(
                                                "line 1:8: Column 'nope' not found in any table.");
                            });
            assertThatThrownBy(() -> s.executeQuery("SELEC 1"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("42000"));
            // The connection still works after errors.
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM bids")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void continuousQueryRowsArriveWhileInputFlows() throws Exception {
        try (Connection c = DriverManager.getConnection(url("weir"));
                Statement s = c.createStatement();
                Connection writer = DriverManager.getConnection(url("weir"));
                Statement w = writer.createStatement()) {
            w.execute("CREATE STREAM ticks (ts TIMESTAMP NOT NULL, v INT, WATERMARK FOR ts AS ts)");
            ResultSet rs = s.executeQuery("SELECT v FROM ticks WHERE v > 0 EMIT STREAM");
            assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo("undo");
            List<Integer> seen = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                w.execute(
                        "INSERT INTO ticks VALUES (TIMESTAMP '2026-01-01 00:00:0"
                                + i
                                + "', "
                                + i
                                + ")");
                assertThat(rs.next()).isTrue();
                seen.add(rs.getInt(1));
                assertThat(rs.getBoolean(2)).isFalse();
            }
            assertThat(seen).containsExactly(1, 2, 3);
            rs.close();
        }
    }

    @Test
    void cancelFromAnotherThreadUnblocksTheReader() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection c = DriverManager.getConnection(url("weir"));
                Statement s = c.createStatement()) {
            s.execute("CREATE STREAM quiet (ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts)");
            ResultSet rs = s.executeQuery("SELECT ts FROM quiet EMIT STREAM");
            Future<Boolean> reader = pool.submit(rs::next);
            Thread.sleep(500);
            s.cancel();
            Boolean next;
            try {
                next = reader.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                next = false; // a cancelled read may also end with an exception
            }
            assertThat(next).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void databaseMetaDataListsStreamsAndColumns() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("weir"))) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDatabaseProductName()).isEqualTo("Weir");
            try (ResultSet tables = md.getTables(null, "weir", "bids", null)) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getString("TABLE_NAME")).isEqualTo("bids");
                assertThat(tables.getString("TABLE_TYPE")).isEqualTo("STREAM");
                assertThat(tables.getString("REMARKS"))
                        .isEqualTo("internal stream; event time bidtime");
                assertThat(tables.next()).isFalse();
            }
            try (ResultSet columns = md.getColumns(null, "weir", "bids", null)) {
                List<String> described = new ArrayList<>();
                while (columns.next()) {
                    described.add(
                            columns.getString("COLUMN_NAME")
                                    + " "
                                    + columns.getInt("DATA_TYPE")
                                    + " "
                                    + columns.getString("TYPE_NAME")
                                    + " "
                                    + columns.getInt("COLUMN_SIZE")
                                    + " "
                                    + columns.getInt("NULLABLE")
                                    + " "
                                    + columns.getInt("ORDINAL_POSITION"));
                }
                assertThat(described)
                        .containsExactly(
                                "bidtime 93 TIMESTAMP(3) 3 0 1",
                                "price 3 DECIMAL(10, 2) 10 1 2",
                                "item 12 VARCHAR 65536 1 3");
            }
            try (ResultSet types = md.getTableTypes()) {
                List<String> names = new ArrayList<>();
                while (types.next()) {
                    names.add(types.getString(1));
                }
                assertThat(names).containsExactly("MATERIALIZED VIEW", "STREAM", "TABLE", "VIEW");
            }
        }
    }

    @Test
    void malformedAndOversizedRequestsLeaveTheServerUp() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> garbage =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .POST(HttpRequest.BodyPublishers.ofString("this is not protobuf"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(500);
        HttpResponse<String> badJson =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json"))
                                .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(badJson.statusCode()).isEqualTo(500);
        try {
            HttpResponse<String> huge =
                    http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json"))
                                    .POST(
                                            HttpRequest.BodyPublishers.ofByteArray(
                                                    new byte[WeirHttpServer.MAX_REQUEST_BYTES + 1]))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(huge.statusCode()).isEqualTo(413);
        } catch (IOException e) {
            // The server may close the connection on an oversized body: also a refusal.
        }
        HttpResponse<String> health =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).isEqualTo("ok\n");
        try (Connection c = DriverManager.getConnection(url("weir"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM bids")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void fiftyContinuousQueriesAtOnceAndASlowOrVanishedClientHurtNobody() throws Exception {
        try (Connection admin = DriverManager.getConnection(url("weir"));
                Statement a = admin.createStatement()) {
            a.execute("CREATE STREAM many (ts TIMESTAMP NOT NULL, v INT)");
            List<Connection> connections = new ArrayList<>();
            List<ResultSet> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Connection c = DriverManager.getConnection(url(i % 2 == 0 ? "weir" : "avatica"));
                connections.add(c);
                if (i % 2 == 0) {
                    results.add(
                            c.createStatement()
                                    .executeQuery(
                                            "SELECT v FROM many WHERE v >= " + i + " EMIT STREAM"));
                } else {
                    // The stock client waits in executeQuery for a first row; run it off-thread.
                    results.add(null);
                }
            }
            // A client that starts a query and never reads, and one that vanishes mid-query.
            Connection slow = DriverManager.getConnection(url("weir"));
            ResultSet neverRead =
                    slow.createStatement().executeQuery("SELECT v FROM many EMIT STREAM");
            Connection vanishing = DriverManager.getConnection(url("weir"));
            vanishing.createStatement().executeQuery("SELECT v FROM many EMIT STREAM");
            vanishing.close();
            a.execute("INSERT INTO many VALUES (TIMESTAMP '2026-01-01 00:00:00', 100)");
            for (int i = 0; i < 50; i += 2) {
                ResultSet rs = results.get(i);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(100);
            }
            assertThat(engine.queries().running().size()).isGreaterThanOrEqualTo(26);
            try (ResultSet count = a.executeQuery("SELECT COUNT(*) FROM many")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getLong(1)).isEqualTo(1);
            }
            neverRead.close();
            slow.close();
            for (Connection c : connections) {
                c.close();
            }
        }
    }
}
