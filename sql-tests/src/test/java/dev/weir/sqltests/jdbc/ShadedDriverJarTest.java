package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.server.http.WeirHttpServer;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shaded driver jar alone, as a BI tool loads it: a class loader that sees nothing but the jar
 * (and the JDK) connects to a real server and runs a query.
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
}
