package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.server.http.WeirHttpServer;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded driver jar as applications and BI tools load it: alone, and beside an application's
 * own, older HttpClient, Jackson and protobuf, without a conflict and without a word on stderr.
 */
class ShadedDriverJarTest {
    private static Path shadedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "jdbc-driver", "target"))) {
            List<Path> jars =
                    files.filter(p -> p.getFileName().toString().endsWith("-shaded.jar")).toList();
            assertThat(jars).as("the shaded driver jar is built before the SQL tests").hasSize(1);
            return jars.get(0);
        }
    }

    @Test
    void connectsAndQueriesWithNothingElseOnTheClassPath() throws Exception {
        try (Engine engine = Engine.inMemory();
                WeirHttpServer server = new WeirHttpServer(engine);
                URLClassLoader loader =
                        new URLClassLoader(
                                new URL[] {shadedJar().toUri().toURL()},
                                ClassLoader.getPlatformClassLoader())) {
            int port = server.start("127.0.0.1", 0);
            engine.execute("CREATE STREAM s (ts TIMESTAMP NOT NULL, v INT)");
            engine.execute(
                    "INSERT INTO s VALUES (TIMESTAMP '2026-01-01 00:00:00', 41), (TIMESTAMP '2026-01-01 00:00:01', 1)");
            Driver driver =
                    (Driver)
                            Class.forName("dev.weir.jdbc.Driver", true, loader)
                                    .getDeclaredConstructor()
                                    .newInstance();
            assertThat(driver.getClass().getClassLoader()).isSameAs(loader);
            try (Connection c = driver.connect("jdbc:weir://127.0.0.1:" + port, new Properties());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT SUM(v) FROM s")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(42);
            }
        }
    }

    /**
     * Every class in the jar is Weir's driver, Avatica's (whose protobuf message names travel in
     * the protocol, so they keep their package), or relocated under {@code dev.weir.jdbc.shaded}.
     */
    @Test
    void everythingBundledIsRelocatedButAvatica() throws IOException {
        List<String> stray = new ArrayList<>();
        int relocated = 0;
        try (ZipFile jar = new ZipFile(shadedJar().toFile())) {
            for (var entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                String path = name.replaceFirst("^META-INF/versions/\\d+/", "");
                if (path.startsWith("dev/weir/jdbc/shaded/")) {
                    relocated++;
                } else if (!path.startsWith("dev/weir/jdbc/")
                        && !path.startsWith("org/apache/calcite/avatica/")) {
                    stray.add(name);
                }
            }
        }
        assertThat(stray).isEmpty();
        assertThat(relocated).isGreaterThan(3_000);
    }

    @Test
    void worksBesideTheApplicationsOwnHttpClientJacksonAndProtobufAndSaysNothing()
            throws Exception {
        Path libraries = Path.of("target", "application-libraries");
        List<String> classPath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(libraries)) {
            jars.sorted().forEach(j -> classPath.add(j.toAbsolutePath().toString()));
        }
        assertThat(classPath).hasSize(8);
        // The application's libraries first: where the unrelocated driver broke.
        classPath.add(shadedJar().toAbsolutePath().toString());
        classPath.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        try (Engine engine = Engine.inMemory();
                WeirHttpServer server = new WeirHttpServer(engine)) {
            int port = server.start("127.0.0.1", 0);
            engine.executeScript(
                    "CREATE TABLE t (k BIGINT NOT NULL, PRIMARY KEY (k));"
                            + " INSERT INTO t VALUES (1), (2), (3);");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p =
                    new ProcessBuilder(
                                    java.toString(),
                                    "-cp",
                                    String.join(File.pathSeparator, classPath),
                                    ApplicationWithOwnLibraries.class.getName(),
                                    "jdbc:weir://127.0.0.1:" + port,
                                    "SELECT COUNT(*) FROM t")
                            .start();
            p.getOutputStream().close();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(err).as("stderr").isEmpty();
            assertThat(p.exitValue()).isZero();
            assertThat(out.lines())
                    .containsExactly(
                            "httpclient httpclient5-5.1.3.jar 81",
                            "jackson 2.12.7 {\"k\":1}",
                            "protobuf protobuf-java-3.21.12.jar 2",
                            "weir 3");
        }
    }
}
