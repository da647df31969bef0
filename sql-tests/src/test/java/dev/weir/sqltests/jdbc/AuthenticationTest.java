package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Engine;
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
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server with users: BASIC over HTTP, JDBC user and password, SQLSTATE 28000 when refused. */
class AuthenticationTest {
    private static Engine engine;
    private static WeirHttpServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.inMemory();
        server = new WeirHttpServer(engine, Optional.of(Users.of(Map.of("ann", "s3cret"))));
        port = server.start("127.0.0.1", 0);
        engine.executeScript(
                "CREATE STREAM clicks (page VARCHAR); INSERT INTO clicks VALUES ('a'), ('b');");
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    private static String weir() {
        return "jdbc:weir://127.0.0.1:" + port;
    }

    private static String stock() {
        return "jdbc:avatica:remote:url=http://127.0.0.1:" + port + ";serialization=protobuf";
    }

    private static long one(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM clicks")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theRightUserAndPasswordConnectThroughEitherDriver() throws Exception {
        try (Connection c = DriverManager.getConnection(weir(), "ann", "s3cret")) {
            assertThat(one(c)).isEqualTo(2);
        }
        try (Connection c = DriverManager.getConnection(weir() + "?user=ann&password=s3cret")) {
            assertThat(one(c)).isEqualTo(2);
        }
        try (Connection c =
                DriverManager.getConnection(
                        stock()
                                + ";authentication=BASIC;avatica_user=ann;avatica_password=s3cret")) {
            assertThat(one(c)).isEqualTo(2);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWith28000AndTheServerStaysUp() throws Exception {
        assertThatThrownBy(() -> one(DriverManager.getConnection(weir(), "ann", "guess")))
                .isInstanceOf(SQLException.class)
                .hasMessage("Authentication failed: wrong user name or password.")
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("28000");
        assertThatThrownBy(() -> one(DriverManager.getConnection(weir(), "bob", "s3cret")))
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("28000");
        // Avatica's stock client throws the refusal unchecked, with the same SQLSTATE.
        assertThatThrownBy(
                        () ->
                                one(
                                        DriverManager.getConnection(
                                                stock()
                                                        + ";authentication=BASIC;avatica_user=ann;"
                                                        + "avatica_password=nope")))
                .isInstanceOf(AvaticaClientRuntimeException.class)
                .extracting(e -> ((AvaticaClientRuntimeException) e).getSqlState())
                .isEqualTo("28000");
        try (Connection c = DriverManager.getConnection(weir(), "ann", "s3cret")) {
            assertThat(one(c)).isEqualTo(2);
        }
    }

    @Test
    void noCredentialsIsRefusedWith28000() {
        assertThatThrownBy(() -> one(DriverManager.getConnection(weir())))
                .isInstanceOf(SQLException.class)
                .hasMessage(
                        "Authentication required: this Weir server needs a user and password"
                                + " (JDBC: DriverManager.getConnection(url, user, password)).")
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("28000");
    }

    @Test
    void healthIsOpenAndMetricsNeedCredentials() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(401);
        assertThat(metrics.headers().firstValue("WWW-Authenticate"))
                .contains("Basic realm=\"weir\", charset=\"UTF-8\"");
        HttpResponse<String> withCredentials =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString("ann:s3cret".getBytes()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(withCredentials.statusCode()).isEqualTo(200);
        assertThat(withCredentials.body()).contains("weir_queries_running 0");
    }
}
