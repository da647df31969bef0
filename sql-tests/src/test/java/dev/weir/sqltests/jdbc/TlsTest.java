package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Engine;
import dev.weir.server.http.Tls;
import dev.weir.server.http.WeirHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the server's one port, with a keystore and a truststore made as the README says (keytool):
 * Weir's driver and the stock Avatica driver over HTTPS, {@code /health} and {@code /metrics} over
 * HTTPS, and every way of getting it wrong failing at once with a message that says what to do. The
 * timeout is there because the failure this guards against is a client spinning forever.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {
    private static final String PASSWORD = "changeit";
    private static final String HTTPS_ONLY =
            "This port serves HTTPS only: connect with https:// (JDBC:"
                    + " jdbc:weir://host:port?ssl=true).";

    @TempDir static Path dir;
    private static Path keystore;
    private static Path truststore;
    private static Engine engine;
    private static WeirHttpServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        keystore = dir.resolve("server.p12");
        truststore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("server.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "weir",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "weir",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "weir",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                PASSWORD);
        engine = Engine.inMemory();
        server =
                new WeirHttpServer(engine)
                        .withTls(Tls.serverContext(keystore, PASSWORD.toCharArray()));
        port = server.start("127.0.0.1", 0);
        engine.executeScript(
                "CREATE STREAM clicks (page VARCHAR); INSERT INTO clicks VALUES ('a'), ('b');");
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }

    private static String tlsUrl() {
        return "jdbc:weir://localhost:"
                + port
                + "?ssl=true&truststore="
                + truststore
                + "&truststore_password="
                + PASSWORD;
    }

    private static List<String> pages(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> pages = new ArrayList<>();
            while (rs.next()) {
                pages.add(rs.getString(1));
            }
            return pages;
        }
    }

    @Test
    void weirsDriverQueriesOverTls() throws Exception {
        engine.execute("CREATE STREAM live (page VARCHAR)");
        try (Connection c = DriverManager.getConnection(tlsUrl())) {
            assertThat(pages(c, "SELECT page FROM clicks ORDER BY page")).containsExactly("a", "b");
            // A continuous query: each row reaches next() as it is inserted.
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT page FROM live EMIT STREAM")) {
                for (String page : List.of("x", "y", "z")) {
                    engine.execute("INSERT INTO live VALUES ('" + page + "')");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(page);
                    assertThat(rs.getBoolean("undo")).isFalse();
                }
            }
        }
    }

    @Test
    void theStockAvaticaDriverQueriesOverHttps() throws Exception {
        String url =
                "jdbc:avatica:remote:url=https://localhost:"
                        + port
                        + ";serialization=protobuf;truststore="
                        + truststore
                        + ";truststore_password="
                        + PASSWORD;
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(pages(c, "SELECT page FROM clicks ORDER BY page")).containsExactly("a", "b");
        }
    }

    @Test
    void healthAndMetricsOverHttps() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(truststore)).build();
        HttpResponse<String> health =
                https.send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        HttpResponse<String> metrics =
                https.send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body().lines()).contains("# TYPE weir_queries_running gauge");
    }

    @Test
    void plainHttpOnTheTlsPortIsTold400ToUseHttps() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> health =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(400);
        assertThat(health.headers().firstValue("content-type"))
                .hasValue("text/plain; charset=UTF-8");
        assertThat(health.body()).isEqualTo(HTTPS_ONLY + "\n");
        // An Avatica request with a body: read whole, then answered the same.
        HttpResponse<String> post =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100_000]))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.body()).isEqualTo(HTTPS_ONLY + "\n");
        // Not HTTP and not TLS either: the same answer, and the connection closed.
        assertThat(raw("hello, is anybody there?\r\n\r\n"))
                .isEqualTo(
                        "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=UTF-8\r\n"
                                + "content-length: "
                                + (HTTPS_ONLY.length() + 1)
                                + "\r\nconnection: close\r\n\r\n"
                                + HTTPS_ONLY
                                + "\n");
        // Fewer bytes than a TLS record header, then gone: nothing to answer, nothing broken.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(new byte[] {'G', 'E'});
        }
        try (Connection c = DriverManager.getConnection(tlsUrl())) {
            assertThat(pages(c, "SELECT page FROM clicks ORDER BY page")).containsExactly("a", "b");
        }
    }

    @Test
    void weirsDriverWithoutSslFailsAtOnceWith08001AndTheServersWords() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:weir://localhost:" + port))
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> {
                            assertThat(e.getSQLState()).isEqualTo("08001");
                            assertThat(e.getErrorCode()).isEqualTo(31);
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "Cannot connect to Weir at http://localhost:"
                                                    + port
                                                    + ": "
                                                    + HTTPS_ONLY);
                        });
    }

    @Test
    void theStockAvaticaDriverWithoutHttpsFailsAtOnce() {
        // Avatica's own client drops the answer's text, but fails rather than retrying forever.
        assertThatThrownBy(
                        () ->
                                DriverManager.getConnection(
                                        "jdbc:avatica:remote:url=http://localhost:"
                                                + port
                                                + ";serialization=protobuf"))
                .hasMessage("Failed to execute HTTP Request, got HTTP/400");
    }

    @Test
    void sslWithoutTrustingTheCertificateSaysSo() {
        assertThatThrownBy(
                        () ->
                                DriverManager.getConnection(
                                        "jdbc:weir://localhost:" + port + "?ssl=true"))
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> {
                            assertThat(e.getSQLState()).isEqualTo("08001");
                            assertThat(e.getErrorCode()).isEqualTo(31);
                            assertThat(e.getMessage())
                                    .startsWith(
                                            "Cannot connect to Weir at https://localhost:"
                                                    + port
                                                    + ": the server's certificate is not trusted"
                                                    + " (pass truststore=FILE and"
                                                    + " truststore_password=PASSWORD): ");
                        });
    }

    @Test
    void sslToAPlainServerSaysItDoesNotSpeakTls() throws Exception {
        try (Engine plainEngine = Engine.inMemory();
                WeirHttpServer plain = new WeirHttpServer(plainEngine)) {
            int plainPort = plain.start("127.0.0.1", 0);
            String url =
                    "jdbc:weir://localhost:"
                            + plainPort
                            + "?ssl=true&truststore="
                            + truststore
                            + "&truststore_password="
                            + PASSWORD;
            assertThatThrownBy(() -> DriverManager.getConnection(url))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> {
                                assertThat(e.getSQLState()).isEqualTo("08001");
                                assertThat(e.getMessage())
                                        .startsWith(
                                                "Cannot connect to Weir at https://localhost:"
                                                        + plainPort
                                                        + ": the server does not speak TLS on"
                                                        + " this port (connect without ssl=true): ");
                            });
        }
    }

    @Test
    void aBadKeystoreIsRefusedAtStartNamingTheFile() throws Exception {
        assertThatThrownBy(() -> Tls.serverContext(keystore, "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Cannot use the TLS keystore "
                                + keystore
                                + ": the password does not open it (--tls-password or"
                                + " WEIR_TLS_PASSWORD).");
        Path missing = dir.resolve("missing.p12");
        assertThatThrownBy(() -> Tls.serverContext(missing, PASSWORD.toCharArray()))
                .hasMessage("The TLS keystore " + missing + " does not exist.");
        assertThatThrownBy(() -> Tls.serverContext(truststore, PASSWORD.toCharArray()))
                .hasMessage(
                        "The TLS keystore "
                                + truststore
                                + " holds no private key: make one with keytool -genkeypair"
                                + " (see the README).");
    }

    /** Sends {@code request} in plain text and returns everything the server answers. */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static SSLContext trusting(Path store) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
