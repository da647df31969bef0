package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Engine;
import dev.weir.server.http.WeirHttpServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JDBC as BI tools and applications use it: three-part names, {@code ?} parameters in every kind of
 * statement, setMaxRows, setQueryTimeout, truthful metadata, and errors in the server's words.
 */
class BiToolsJdbcTest {
    private static Engine engine;
    private static WeirHttpServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.inMemory();
        server = new WeirHttpServer(engine);
        port = server.start("127.0.0.1", 0);
        engine.executeScript(
                "CREATE TABLE category (id BIGINT NOT NULL, name VARCHAR, PRIMARY KEY (id));"
                        + "INSERT INTO category VALUES (10, 'books'), (11, 'music'),"
                        + " (12, 'garden'), (13, 'toys');"
                        + "CREATE STREAM ev (ts TIMESTAMP(3) NOT NULL, v BIGINT, tag VARCHAR);"
                        + "CREATE TABLE prices (id BIGINT NOT NULL, price DECIMAL(10, 2),"
                        + " seen TIMESTAMP(3), PRIMARY KEY (id));"
                        + "CREATE VIEW big_ev AS SELECT v, tag FROM ev WHERE v > 2;"
                        + "CREATE MATERIALIZED VIEW ev_per_tag AS"
                        + " SELECT tag, COUNT(*) AS n FROM ev GROUP BY tag;");
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

    private static List<String> query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return rows(s.executeQuery(sql));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"weir", "avatica"})
    void namesQualifiedByTheCatalogThatMetadataAdvertises(String driver) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(driver))) {
            // SchemaCrawler's and DBeaver's row counts and previews.
            assertThat(query(c, "SELECT COUNT(*) FROM \"weir\".\"weir\".\"category\""))
                    .containsExactly("4");
            assertThat(query(c, "SELECT name FROM weir.weir.category WHERE id = 12"))
                    .containsExactly("garden");
            assertThat(query(c, "SELECT c.name FROM weir.category AS c WHERE c.id = 13"))
                    .containsExactly("toys");
            assertThat(query(c, "SELECT name FROM weir.sys.streams")).containsExactly("ev");
            assertThat(query(c, "SELECT name FROM sys.streams")).containsExactly("ev");
            assertThatThrownBy(() -> query(c, "SELECT * FROM other.weir.category"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> {
                                assertThat(e.getSQLState()).isEqualTo("42S02");
                                assertThat(e.getErrorCode()).isEqualTo(10);
                            });
        }
    }

    @Test
    void errorsReadAsTheServerSaysThemWithSqlStateAndCode() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("weir"));
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT nope FROM category"))
                    .isInstanceOfSatisfying(
                            SQLSyntaxErrorException.class,
                            e -> {
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "line 1:8: Column 'nope' not found in any table."
                                                        + " [COLUMN_NOT_FOUND]");
                                assertThat(e.getSQLState()).isEqualTo("42S22");
                                assertThat(e.getErrorCode()).isEqualTo(11);
                            });
            // The same words from a prepare and from a prepared statement's execution.
            assertThatThrownBy(() -> c.prepareStatement("SELECT nope FROM category WHERE id = ?"))
                    .hasMessage(
                            "line 1:8: Column 'nope' not found in any table. [COLUMN_NOT_FOUND]");
            try (PreparedStatement p =
                    c.prepareStatement("SELECT name FROM category WHERE id = ?")) {
                p.setString(1, "twelve");
                assertThatThrownBy(p::executeQuery)
                        .isInstanceOfSatisfying(
                                SQLDataException.class,
                                e -> {
                                    assertThat(e.getMessage())
                                            .isEqualTo(
                                                    "line 1:38: Parameter 1 must be a number for"
                                                            + " BIGINT. [DATA_EXCEPTION]");
                                    assertThat(e.getSQLState()).isEqualTo("22000");
                                    assertThat(e.getErrorCode()).isEqualTo(25);
                                });
            }
            // A statement with markers and no values says so, at the first marker.
            assertThatThrownBy(() -> s.executeQuery("SELECT name FROM category WHERE id = ?"))
                    .hasMessage(
                            "line 1:38: The statement has 1 parameter ('?') and no values for"
                                    + " them: run it as a prepared statement and set them."
                                    + " [INVALID_ARGUMENT]");
        }
    }

    /** JDBC promises an SQLException, never an unchecked one, when the server is gone. */
    @Test
    void aServerThatWentAwayIsAnSqlException() throws Exception {
        try (Engine gone = Engine.inMemory()) {
            WeirHttpServer server = new WeirHttpServer(gone);
            int goneport = server.start("127.0.0.1", 0);
            Connection c = DriverManager.getConnection("jdbc:weir://127.0.0.1:" + goneport);
            server.close();
            assertThatThrownBy(c::createStatement)
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("08006"));
            assertThatThrownBy(() -> c.prepareStatement("SELECT 1"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("08006"));
            assertThatThrownBy(c::close).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void theStockClientCarriesTheServersWordsInsideAvaticasOwn() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("avatica"));
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT nope FROM category"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> {
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "Error 11 (42S22) : Error while executing SQL"
                                                        + " \"SELECT nope FROM category\": Remote"
                                                        + " driver error: line 1:8: Column 'nope'"
                                                        + " not found in any table."
                                                        + " [COLUMN_NOT_FOUND]");
                                assertThat(e.getSQLState()).isEqualTo("42S22");
                                assertThat(e.getErrorCode()).isEqualTo(11);
                            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"weir", "avatica"})
    void preparedQueriesCarryTypedParameters(String driver) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(driver));
                PreparedStatement p =
                        c.prepareStatement(
                                "SELECT id, name FROM category WHERE id >= ? AND name <> ?"
                                        + " ORDER BY id")) {
            ParameterMetaData md = p.getParameterMetaData();
            assertThat(md.getParameterCount()).isEqualTo(2);
            assertThat(md.getParameterType(1)).isEqualTo(Types.BIGINT);
            assertThat(md.getParameterTypeName(1)).isEqualTo("BIGINT");
            assertThat(md.getParameterClassName(1)).isEqualTo("java.lang.Long");
            assertThat(md.getParameterType(2)).isEqualTo(Types.VARCHAR);
            assertThat(md.getParameterTypeName(2)).isEqualTo("VARCHAR");
            assertThat(p.getMetaData().getColumnCount()).isEqualTo(2);
            p.setLong(1, 11);
            p.setString(2, "garden");
            assertThat(rows(p.executeQuery())).containsExactly("11 music", "13 toys");
            // Again with other values: the same prepared statement.
            p.setInt(1, 13);
            p.setString(2, "x");
            assertThat(rows(p.executeQuery())).containsExactly("13 toys");
        }
    }

    @Test
    void everyKindOfStatementTakesParameters() throws Exception {
        try (Connection c = DriverManager.getConnection(url("weir"));
                Statement s = c.createStatement()) {
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO prices VALUES (?, ?, ?)")) {
                ParameterMetaData md = insert.getParameterMetaData();
                assertThat(md.getParameterCount()).isEqualTo(3);
                assertThat(md.getParameterType(2)).isEqualTo(Types.DECIMAL);
                assertThat(md.getPrecision(2)).isEqualTo(10);
                assertThat(md.getScale(2)).isEqualTo(2);
                assertThat(md.getParameterType(3)).isEqualTo(Types.TIMESTAMP);
                insert.setLong(1, 1);
                insert.setBigDecimal(2, new BigDecimal("9.99"));
                insert.setTimestamp(3, Timestamp.valueOf("2026-01-01 08:07:00.5"));
                assertThat(insert.executeUpdate()).isEqualTo(1);
                insert.setLong(1, 2);
                insert.setString(2, "3.5");
                insert.setNull(3, Types.TIMESTAMP);
                assertThat(insert.executeUpdate()).isEqualTo(1);
                insert.setLong(1, 3);
                insert.setDouble(2, 1.25);
                insert.setString(3, "2026-01-03 00:00:00");
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement upsert =
                    c.prepareStatement("UPSERT INTO prices VALUES (?, ?, ?)")) {
                upsert.setLong(1, 2);
                upsert.setBigDecimal(2, new BigDecimal("4"));
                upsert.setTimestamp(3, Timestamp.valueOf("2026-01-02 00:00:00"));
                assertThat(upsert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement update =
                    c.prepareStatement("UPDATE prices SET price = ? WHERE id = ?")) {
                assertThat(update.getParameterMetaData().getParameterType(1))
                        .isEqualTo(Types.DECIMAL);
                assertThat(update.getParameterMetaData().getParameterType(2))
                        .isEqualTo(Types.BIGINT);
                update.setBigDecimal(1, new BigDecimal("5.25"));
                update.setLong(2, 1);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM prices WHERE id = ?")) {
                delete.setLong(1, 3);
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement batch = c.prepareStatement("INSERT INTO ev VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 4; i++) {
                    batch.setTimestamp(1, Timestamp.valueOf("2026-01-01 00:00:0" + i));
                    batch.setLong(2, i);
                    batch.setString(3, i % 2 == 0 ? "even" : "odd");
                    batch.addBatch();
                }
                assertThat(batch.executeBatch()).containsExactly(1, 1, 1, 1);
            }
            assertThat(query(c, "SELECT id, price, seen FROM prices ORDER BY id"))
                    .containsExactly(
                            "1 5.25 2026-01-01 08:07:00.500", "2 4.00 2026-01-02 00:00:00.000");
            try (PreparedStatement read =
                    c.prepareStatement("SELECT seen FROM prices WHERE id = ?")) {
                read.setLong(1, 1);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getTimestamp(1))
                            .isEqualTo(Timestamp.valueOf("2026-01-01 08:07:00.5"));
                }
            }
            // A continuous query with a parameter, its result cut off by setMaxRows: the
            // query stops on the server.
            int before = engine.continuousQueries().running().size();
            try (PreparedStatement stream =
                    c.prepareStatement("SELECT v, tag FROM ev WHERE tag = ? EMIT STREAM")) {
                assertThat(stream.getParameterMetaData().getParameterCount()).isEqualTo(1);
                assertThat(stream.getMetaData().getColumnCount()).isEqualTo(5);
                stream.setString(1, "odd");
                stream.setMaxRows(1);
                try (ResultSet rs = stream.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                    assertThat(rs.getString(2)).isEqualTo("odd");
                    assertThat(rs.next()).isFalse();
                }
                assertThat(engine.continuousQueries().running()).hasSize(before);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"weir", "avatica"})
    void setMaxRowsEndsSnapshotAndContinuousResults(String driver) throws Exception {
        try (Connection c = DriverManager.getConnection(url(driver));
                Statement s = c.createStatement()) {
            s.setMaxRows(2);
            assertThat(rows(s.executeQuery("SELECT id FROM category ORDER BY id")))
                    .containsExactly("10", "11");
            int before = engine.continuousQueries().running().size();
            // Four rows are there (the table's current contents): two come, then the end.
            try (ResultSet rs = s.executeQuery("SELECT name FROM category EMIT STREAM")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isFalse();
            }
            assertThat(engine.continuousQueries().running()).hasSize(before);
            s.setMaxRows(0);
            assertThat(rows(s.executeQuery("SELECT id FROM category ORDER BY id"))).hasSize(4);
        }
    }

    @Test
    void aPreparedContinuousQueryHonoursItsTimeout() throws Exception {
        try (Connection c = DriverManager.getConnection(url("weir"));
                PreparedStatement p =
                        c.prepareStatement("SELECT v FROM ev WHERE v > ? EMIT STREAM")) {
            p.setLong(1, 100);
            p.setQueryTimeout(1);
            long started = System.nanoTime();
            ResultSet rs = p.executeQuery();
            assertThatThrownBy(rs::next)
                    .isInstanceOfSatisfying(
                            SQLTimeoutException.class,
                            e -> {
                                assertThat(e.getSQLState()).isEqualTo("57014");
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "The query ran past its timeout of 1 s and was"
                                                        + " stopped. [QUERY_TIMEOUT]");
                            });
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(900L, 10_000L);
        }
    }

    /**
     * The stock client never sends setQueryTimeout (Avatica's protocol has no field for it, and its
     * Statement keeps the value to itself); the connection property {@code queryTimeout} reaches
     * the server, which enforces it. The stock driver forwards the Properties given to
     * getConnection, not the options in its URL.
     */
    @Test
    void theStockClientsQueryTimeoutIsAConnectionProperty() throws Exception {
        Properties info = new Properties();
        info.setProperty("queryTimeout", "1");
        try (Connection c = DriverManager.getConnection(url("avatica"), info);
                Statement s = c.createStatement()) {
            int before = engine.continuousQueries().running().size();
            // The stock client's executeQuery waits for the first row: the timeout ends it.
            assertThatThrownBy(() -> s.executeQuery("SELECT v FROM ev WHERE v > 100 EMIT STREAM"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> {
                                assertThat(e.getSQLState()).isEqualTo("57014");
                                assertThat(e.getErrorCode()).isEqualTo(200_002);
                                assertThat(e.getMessage())
                                        .endsWith(
                                                "The query ran past its timeout of 1 s and was"
                                                        + " stopped. [QUERY_TIMEOUT]");
                            });
            assertThat(engine.continuousQueries().running()).hasSize(before);
        }
    }

    @Test
    void databaseMetaDataSaysHowWeirBehaves() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("weir"))) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.isReadOnly()).isFalse();
            // Names are stored as written and matched without regard to case, quoted or not.
            assertThat(md.storesUpperCaseIdentifiers()).isFalse();
            assertThat(md.storesLowerCaseIdentifiers()).isFalse();
            assertThat(md.storesMixedCaseIdentifiers()).isTrue();
            assertThat(md.supportsMixedCaseIdentifiers()).isFalse();
            assertThat(md.storesMixedCaseQuotedIdentifiers()).isTrue();
            assertThat(md.supportsMixedCaseQuotedIdentifiers()).isFalse();
            assertThat(query(c, "SELECT COUNT(*) FROM \"CATEGORY\"")).containsExactly("4");
            assertThat(md.getIdentifierQuoteString()).isEqualTo("\"");
            assertThat(rows(md.getFunctions(null, null, "TUMBLE%")))
                    .containsExactly(
                            "weir sys TUMBLE windowing table function 2 TUMBLE",
                            "weir sys TUMBLE_END built-in function 1 TUMBLE_END",
                            "weir sys TUMBLE_START built-in function 1 TUMBLE_START");
            assertThat(rows(md.getFunctions(null, "weir", "%"))).isEmpty();
            List<String> types = new ArrayList<>();
            try (ResultSet rs = md.getTypeInfo()) {
                while (rs.next()) {
                    types.add(
                            rs.getString("TYPE_NAME")
                                    + " "
                                    + rs.getInt("DATA_TYPE")
                                    + " "
                                    + rs.getString("CREATE_PARAMS")
                                    + " "
                                    + rs.getString("LITERAL_PREFIX"));
                }
            }
            assertThat(types)
                    .containsExactly(
                            "BOOLEAN 16 null null",
                            "TINYINT -6 null null",
                            "SMALLINT 5 null null",
                            "INTEGER 4 null null",
                            "BIGINT -5 null null",
                            "DECIMAL 3 precision,scale null",
                            "REAL 7 null null",
                            "DOUBLE 8 null null",
                            "VARCHAR 12 length '",
                            "DATE 91 null DATE '",
                            "TIME 92 precision TIME '",
                            "TIMESTAMP 93 precision TIMESTAMP '");
            c.setClientInfo("ApplicationName", "dashboard");
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("dashboard");
            assertThat(c.getTypeMap()).isEmpty();
            c.setTypeMap(Map.of());
        }
    }

    @Test
    void resultColumnsNameTheTableTheyRead() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("weir"));
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT c.id AS cid, name, id + 1 AS plus_one FROM category AS c"
                                        + " WHERE id = 10")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> described = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                described.add(
                        md.getColumnLabel(i)
                                + " "
                                + md.getColumnName(i)
                                + " '"
                                + md.getCatalogName(i)
                                + "' '"
                                + md.getSchemaName(i)
                                + "' '"
                                + md.getTableName(i)
                                + "' "
                                + md.getColumnTypeName(i));
            }
            assertThat(described)
                    .containsExactly(
                            "cid id 'weir' 'weir' 'category' BIGINT",
                            "name name 'weir' 'weir' 'category' VARCHAR",
                            "plus_one plus_one '' '' '' BIGINT");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"weir", "avatica"})
    void toolsAskingForTablesAndViewsSeeStreamsAndMaterializedViews(String driver)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(url(driver))) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(rows(md.getTables(null, "weir", "%", new String[] {"TABLE", "VIEW"})))
                    .containsExactly(
                            "weir weir big_ev VIEW view null null null null null",
                            "weir weir category TABLE table null null null null null",
                            "weir weir ev TABLE internal stream null null null null null",
                            "weir weir ev_per_tag VIEW materialized view null null null null null",
                            "weir weir prices TABLE table null null null null null");
            // Asked for Weir's own types (or for all), each object has its own.
            assertThat(rows(md.getTables(null, "weir", "%", null)))
                    .containsExactly(
                            "weir weir big_ev VIEW view null null null null null",
                            "weir weir category TABLE table null null null null null",
                            "weir weir ev STREAM internal stream null null null null null",
                            "weir weir ev_per_tag MATERIALIZED VIEW materialized view null null"
                                    + " null null null",
                            "weir weir prices TABLE table null null null null null");
            assertThat(rows(md.getTables(null, "weir", "ev", new String[] {"STREAM", "TABLE"})))
                    .containsExactly(
                            "weir weir ev STREAM internal stream null null null null null");
        }
    }
}
