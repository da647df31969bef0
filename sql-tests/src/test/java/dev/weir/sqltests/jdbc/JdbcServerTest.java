package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Engine;
import dev.weir.server.http.WeirHttpServer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
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
            s.execute(
                    "CREATE TABLE currency (code VARCHAR NOT NULL, rate DOUBLE, PRIMARY KEY"
                            + " (code))");
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
            // The type's bare name, as getTypeInfo lists it; precision and scale apart.
            assertThat(rs.getMetaData().getColumnTypeName(2)).isEqualTo("DECIMAL");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("B");
            assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal("3.00"));
            // A zone-less timestamp: the same wall clock in any zone (tests run in Asia/Kolkata),
            // and exactly its UTC instant when read with a UTC calendar.
            assertThat(rs.getTimestamp(3)).isEqualTo(Timestamp.valueOf("2026-01-01 08:11:00"));
            assertThat(rs.getTimestamp(3).toString()).isEqualTo("2026-01-01 08:11:00.0");
            assertThat(rs.getTimestamp(3, utc()).getTime())
                    .isEqualTo(Instant.parse("2026-01-01T08:11:00Z").toEpochMilli());
            assertThat(rs.getObject(3)).isInstanceOf(Timestamp.class);
            assertThat(rs.getMetaData().getColumnType(3)).isEqualTo(Types.TIMESTAMP);
            // A timestamp's precision is its fraction's digits, as Calcite's driver has it (and
            // Avatica's getString prints that many); its display size is its text's length.
            assertThat(rs.getMetaData().getPrecision(3)).isEqualTo(3);
            assertThat(rs.getString(3)).isEqualTo("2026-01-01 08:11:00.000");
            assertThat(rs.getMetaData().getScale(3)).isEqualTo(3);
            assertThat(rs.getMetaData().getColumnDisplaySize(3)).isEqualTo(23);
            assertThat(rs.getMetaData().isNullable(3)).isEqualTo(ResultSetMetaData.columnNoNulls);
            assertThat(rs.getMetaData().getPrecision(2)).isEqualTo(10);
            assertThat(rs.getMetaData().getScale(2)).isEqualTo(2);
            assertThat(rs.getMetaData().isNullable(2)).isEqualTo(ResultSetMetaData.columnNullable);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("C");
            assertThat(rs.next()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"weir", "avatica"})
    void textBeyondLatin1GoesInAndComesBackUnchanged(String driver) throws SQLException {
        // non-latin1-literals (FINDINGS.md): Calcite's default charset refused such literals.
        String stream = "words_" + driver;
        try (Connection c = DriverManager.getConnection(url(driver));
                Statement s = c.createStatement()) {
            s.execute("CREATE STREAM " + stream + " (w VARCHAR)");
            s.execute("INSERT INTO " + stream + " VALUES ('ça ☃ 日本'), ('ığş'), ('Ω')");
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT w, 'ç☃' AS lit FROM "
                                    + stream
                                    + " WHERE w <> 'Ω' ORDER BY w")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ça ☃ 日本");
                assertThat(rs.getString(2)).isEqualTo("ç☃");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ığş");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
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

    @ParameterizedTest
    @ValueSource(strings = {"weir", "avatica"})
    void continuousQueryRowsArriveWhileInputFlows(String driver) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        String stream = "ticks_" + driver;
        try (Connection c = DriverManager.getConnection(url(driver));
                Statement s = c.createStatement();
                Connection writer = DriverManager.getConnection(url("weir"));
                Statement w = writer.createStatement()) {
            w.execute(
                    "CREATE STREAM "
                            + stream
                            + " (ts TIMESTAMP(3) NOT NULL, v INT, WATERMARK FOR ts AS ts)");
            // The stock client's executeQuery waits for a first row (DESIGN.md, known traps), so
            // it runs off this thread; Weir's returns at once.
            Future<ResultSet> query =
                    pool.submit(
                            () ->
                                    s.executeQuery(
                                            "SELECT v, ts FROM "
                                                    + stream
                                                    + " WHERE v > 0 EMIT STREAM"));
            ResultSet rs = null;
            if (driver.equals("weir")) {
                rs = query.get(10, TimeUnit.SECONDS);
                assertThat(rs.getMetaData().getColumnLabel(3)).isEqualTo("undo");
            }
            // The stock client hands a frame's last row to the application only once the next
            // frame arrives (DESIGN.md, known traps): it sees row i once row i + 1 exists. Weir's
            // driver sees row i as soon as it exists.
            int lag = driver.equals("weir") ? 0 : 1;
            List<String> seen = new ArrayList<>();
            for (int i = 1; i <= 3 + lag; i++) {
                w.execute(
                        "INSERT INTO "
                                + stream
                                + " VALUES (TIMESTAMP '2026-01-01 00:00:0"
                                + i
                                + "', "
                                + i
                                + ")");
                if (i <= lag) {
                    continue;
                }
                if (rs == null) {
                    rs = query.get(10, TimeUnit.SECONDS);
                }
                assertThat(rs.next()).isTrue();
                seen.add(
                        rs.getInt(1)
                                + " "
                                + rs.getTimestamp(2, utc()).toInstant()
                                + " "
                                + rs.getBoolean(3));
            }
            assertThat(seen)
                    .containsExactly(
                            "1 2026-01-01T00:00:01Z false",
                            "2 2026-01-01T00:00:02Z false",
                            "3 2026-01-01T00:00:03Z false");
            rs.close();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Event-to-client latency over the wire: from an INSERT returning to the reader's {@code
     * next()} returning its row. Printed, not asserted (timings belong in benchmarks).
     */
    @Test
    void measuresEventToClientLatency() throws Exception {
        try (Connection c = DriverManager.getConnection(url("weir"));
                Statement s = c.createStatement();
                Statement w = c.createStatement()) {
            w.execute("CREATE STREAM pings (ts TIMESTAMP(3) NOT NULL, v INT)");
            ResultSet rs = s.executeQuery("SELECT v FROM pings EMIT STREAM");
            long[] micros = new long[250];
            for (int i = 0; i < micros.length; i++) {
                w.execute("INSERT INTO pings VALUES (TIMESTAMP '2026-01-01 00:00:00', " + i + ")");
                long inserted = System.nanoTime();
                assertThat(rs.next()).isTrue();
                micros[i] = (System.nanoTime() - inserted) / 1_000;
                assertThat(rs.getInt(1)).isEqualTo(i);
            }
            Arrays.sort(micros);
            System.out.printf(
                    "event-to-client latency after INSERT returns: median %d us, p90 %d us,"
                            + " p99 %d us, max %d us (%d rows)%n",
                    micros[micros.length / 2],
                    micros[micros.length * 9 / 10],
                    micros[micros.length * 99 / 100],
                    micros[micros.length - 1],
                    micros.length);
            rs.close();
        }
    }

    @Test
    void cancelFromAnotherThreadUnblocksTheReaderAndStopsTheQuery() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection c = DriverManager.getConnection(url("weir"));
                Statement s = c.createStatement()) {
            s.execute("CREATE STREAM quiet (ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts)");
            int before = engine.continuousQueries().running().size();
            ResultSet rs = s.executeQuery("SELECT ts FROM quiet EMIT STREAM");
            assertThat(engine.continuousQueries().running()).hasSize(before + 1);
            Future<Boolean> reader = pool.submit(rs::next);
            Thread.sleep(500); // the reader is now waiting in a fetch
            long cancelled = System.nanoTime();
            s.cancel();
            assertThat(reader.get(10, TimeUnit.SECONDS)).isFalse();
            long millis = (System.nanoTime() - cancelled) / 1_000_000;
            System.out.println(
                    "Statement.cancel() to the reader's next() returning: " + millis + " ms");
            assertThat(engine.continuousQueries().running()).hasSize(before);
            // The statement runs again after a cancel.
            s.execute("INSERT INTO quiet VALUES (TIMESTAMP '2026-01-01 00:00:00')");
            try (ResultSet again = s.executeQuery("SELECT COUNT(*) FROM quiet")) {
                assertThat(again.next()).isTrue();
                assertThat(again.getLong(1)).isEqualTo(1);
            }
            // Cancelling a closed statement is a no-op (a shell's Ctrl-C at an idle prompt).
            s.close();
            s.cancel();
            assertThat(s.isClosed()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"weir", "avatica"})
    void whereFalseProbeGivesColumnsAndStartsNoJob(String driver) throws SQLException {
        int before = engine.continuousQueries().running().size();
        try (Connection c = DriverManager.getConnection(url(driver));
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT item, price FROM bids WHERE 1 = 0 EMIT STREAM")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(5);
            assertThat(md.getColumnName(1)).isEqualTo("item");
            assertThat(md.getColumnTypeName(2)).isEqualTo("DECIMAL");
            assertThat(rs.next()).isFalse();
            assertThat(engine.continuousQueries().running()).hasSize(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"weir", "avatica"})
    void databaseMetaDataListsCatalogObjectsAndColumns(String driver) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(driver))) {
            // Writable (tools refuse to write on a read-only connection), in Weir's one schema.
            assertThat(c.isReadOnly()).isFalse();
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_NONE);
            assertThat(c.getCatalog()).isEqualTo("weir");
            assertThat(c.getSchema()).isEqualTo("weir");
            DatabaseMetaData md = c.getMetaData();
            // The stock client names itself: its product name does not come from the server.
            assertThat(md.getDatabaseProductName())
                    .isEqualTo(driver.equals("weir") ? "Weir" : "Avatica");
            assertThat(md.getSQLKeywords()).contains("EMIT", "WATERMARK");
            assertThat(rows(md.getCatalogs())).containsExactly("weir");
            assertThat(rows(md.getSchemas())).containsExactly("weir weir", "sys weir");
            assertThat(rows(md.getTableTypes()))
                    .containsExactly(
                            "MATERIALIZED VIEW", "STREAM", "SYSTEM TABLE", "TABLE", "VIEW");
            // The sys schema holds the server's own state, one table per SHOW, and BI tools
            // browse it like any other schema.
            try (ResultSet system = md.getTables(null, "sys", "%", null)) {
                List<String> names = new ArrayList<>();
                while (system.next()) {
                    assertThat(system.getString("TABLE_TYPE")).isEqualTo("SYSTEM TABLE");
                    names.add(system.getString("TABLE_NAME"));
                }
                assertThat(names)
                        .containsExactly(
                                "streams",
                                "tables",
                                "views",
                                "materialized_views",
                                "queries",
                                "functions");
            }
            try (ResultSet columns = md.getColumns(null, "sys", "streams", "%")) {
                List<String> names = new ArrayList<>();
                while (columns.next()) {
                    names.add(
                            columns.getString("COLUMN_NAME")
                                    + " "
                                    + columns.getString("TYPE_NAME"));
                }
                assertThat(names).containsExactly("name VARCHAR", "detail VARCHAR");
            }
            try (ResultSet tables = md.getTables(null, "weir", "bids", null)) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getString("TABLE_CAT")).isEqualTo("weir");
                assertThat(tables.getString("TABLE_SCHEM")).isEqualTo("weir");
                assertThat(tables.getString("TABLE_NAME")).isEqualTo("bids");
                assertThat(tables.getString("TABLE_TYPE")).isEqualTo("STREAM");
                assertThat(tables.getString("REMARKS"))
                        .isEqualTo("internal stream; event time bidtime");
                assertThat(tables.next()).isFalse();
            }
            assertThat(rows(md.getTables(null, "weir", "currenc%", new String[] {"TABLE"})))
                    .containsExactly("weir weir currency TABLE table null null null null null");
            // A tool asking for tables only still sees the stream, as a TABLE (BiToolsJdbcTest).
            assertThat(rows(md.getTables(null, "weir", "bids", new String[] {"VIEW"}))).isEmpty();
            try (ResultSet columns = md.getColumns(null, "weir", "bids", null)) {
                List<String> described = new ArrayList<>();
                while (columns.next()) {
                    assertThat(columns.getObject("DATA_TYPE")).isInstanceOf(Integer.class);
                    assertThat(columns.getObject("ORDINAL_POSITION")).isInstanceOf(Integer.class);
                    described.add(
                            columns.getString("TABLE_NAME")
                                    + " "
                                    + columns.getString("COLUMN_NAME")
                                    + " "
                                    + columns.getInt("DATA_TYPE")
                                    + " "
                                    + columns.getString("TYPE_NAME")
                                    + " "
                                    + columns.getInt("COLUMN_SIZE")
                                    + " "
                                    + columns.getObject("DECIMAL_DIGITS")
                                    + " "
                                    + columns.getInt("NULLABLE")
                                    + " "
                                    + columns.getString("IS_NULLABLE")
                                    + " "
                                    + columns.getInt("ORDINAL_POSITION"));
                }
                assertThat(described)
                        .containsExactly(
                                "bids bidtime 93 TIMESTAMP 23 3 0 NO 1",
                                "bids price 3 DECIMAL 10 2 1 YES 2",
                                "bids item 12 VARCHAR 65536 null 1 YES 3");
            }
            assertThat(rows(md.getColumns(null, "weir", "currency", "rate")))
                    .containsExactly(
                            "weir weir currency rate 8 DOUBLE 15 null null 10 1 null null null"
                                    + " null null 2 YES null null null null NO NO");
            // Avatica's protocol has no request for primary keys: the stock client answers empty.
            assertThat(rows(md.getPrimaryKeys(null, "weir", "currency")))
                    .containsExactlyElementsOf(
                            driver.equals("weir")
                                    ? List.of("weir weir currency code 1 pk_currency")
                                    : List.of());
            assertThat(rows(md.getPrimaryKeys(null, "weir", "bids"))).isEmpty();
            assertThat(rows(md.getPrimaryKeys(null, "weir", "no_such_table"))).isEmpty();
            List<String> types = rows(md.getTypeInfo());
            assertThat(types).hasSize(12);
            assertThat(types.get(0)).startsWith("BOOLEAN 16 1 ");
        }
    }

    /** A result set's rows, each as its values joined by spaces. */
    private static List<String> rows(ResultSet rs) throws SQLException {
        try (rs) {
            List<String> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    @Test
    void healthAndMetrics() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (Connection c = DriverManager.getConnection(url("weir"));
                Statement s = c.createStatement()) {
            s.execute("CREATE STREAM measured (ts TIMESTAMP(3) NOT NULL, v INT)");
            s.execute("INSERT INTO measured VALUES (TIMESTAMP '2026-01-01 00:00:00', 1)");
            ResultSet rs = s.executeQuery("SELECT v FROM measured EMIT STREAM");
            assertThat(rs.next()).isTrue();
            String query =
                    engine.continuousQueries().running().stream()
                            .filter(q -> q.sql().contains("measured"))
                            .findFirst()
                            .orElseThrow()
                            .id();
            HttpResponse<String> metrics =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            List<String> lines = metrics.body().lines().toList();
            assertThat(lines)
                    .contains(
                            "# TYPE weir_queries_running gauge",
                            "weir_queries_running "
                                    + (double) engine.continuousQueries().running().size(),
                            "weir_connections " + (double) server.meta().connectionCount(),
                            "weir_query_rows_in_total{query=\"" + query + "\"} 1.0",
                            "weir_query_rows_out_total{query=\"" + query + "\"} 1.0",
                            "weir_query_late_rows_dropped_total{query=\"" + query + "\"} 0.0");
            rs.close();
        }
        HttpResponse<String> health =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
    }

    @Test
    void fiftyContinuousQueriesAtOnceAndASlowOrVanishedClientHurtNobody() throws Exception {
        int queries = 50;
        ExecutorService readers = Executors.newFixedThreadPool(queries);
        try (Connection admin = DriverManager.getConnection(url("weir"));
                Statement a = admin.createStatement()) {
            a.execute("CREATE STREAM many (ts TIMESTAMP NOT NULL, v INT)");
            int before = engine.continuousQueries().running().size();
            // A client that starts a query and never reads, and one that vanishes mid-query.
            Connection slow = DriverManager.getConnection(url("weir"));
            ResultSet neverRead =
                    slow.createStatement().executeQuery("SELECT v FROM many EMIT STREAM");
            Connection vanishing = DriverManager.getConnection(url("weir"));
            vanishing.createStatement().executeQuery("SELECT v FROM many EMIT STREAM");
            vanishing.close();
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                int n = i;
                // Half through each driver; every reader on its own thread, all at once.
                String driver = i % 2 == 0 ? "weir" : "avatica";
                results.add(
                        readers.submit(
                                () -> {
                                    try (Connection c = DriverManager.getConnection(url(driver));
                                            Statement s = c.createStatement();
                                            ResultSet rs =
                                                    s.executeQuery(
                                                            "SELECT v + "
                                                                    + n
                                                                    + " FROM many EMIT STREAM")) {
                                        List<Integer> seen = new ArrayList<>();
                                        while (seen.size() < 3 && rs.next()) {
                                            seen.add(rs.getInt(1));
                                        }
                                        return seen;
                                    }
                                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (engine.continuousQueries().running().size() < before + queries + 1
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(engine.continuousQueries().running()).hasSize(before + queries + 1);
            // Four rows, though each reader reads three: the stock client hands over its third
            // row only once a fourth exists (DESIGN.md, known traps).
            for (int v = 1; v <= 4; v++) {
                a.execute("INSERT INTO many VALUES (TIMESTAMP '2026-01-01 00:00:00', " + v + ")");
            }
            for (int i = 0; i < queries; i++) {
                assertThat(results.get(i).get(60, TimeUnit.SECONDS))
                        .as("query %d", i)
                        .containsExactly(1 + i, 2 + i, 3 + i);
            }
            // Every reader closed its statement: only the slow client's query still runs.
            assertThat(engine.continuousQueries().running()).hasSize(before + 1);
            try (ResultSet count = a.executeQuery("SELECT COUNT(*) FROM many")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getLong(1)).isEqualTo(4);
            }
            neverRead.close();
            slow.close();
            assertThat(engine.continuousQueries().running()).hasSize(before);
        } finally {
            readers.shutdownNow();
        }
    }
}
