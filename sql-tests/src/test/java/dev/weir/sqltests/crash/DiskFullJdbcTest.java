package dev.weir.sqltests.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Engine;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.executor.io.FailingDisk;
import dev.weir.server.http.WeirHttpServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's INSERT on a full disk: it fails with SQLSTATE 53100 and the server's message, the
 * connection and the server go on, and the next INSERT, once there is room, is stored.
 */
class DiskFullJdbcTest {
    @TempDir Path dataDir;

    @Test
    void theClientSeesDiskFullAndTheServerGoesOn() throws Exception {
        FailingDisk disk = new FailingDisk().only(p -> p.toString().contains("/streams/"));
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.ALWAYS, 0, disk);
                WeirHttpServer server = new WeirHttpServer(engine)) {
            int port = server.start("127.0.0.1", 0);
            try (Connection c = DriverManager.getConnection("jdbc:weir://127.0.0.1:" + port);
                    Statement s = c.createStatement()) {
                s.execute("CREATE STREAM ev (k BIGINT NOT NULL)");
                s.executeUpdate("INSERT INTO ev VALUES (1)");
                disk.fillUpAfter(3);
                assertThatThrownBy(() -> s.executeUpdate("INSERT INTO ev VALUES (2), (3)"))
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> {
                                    assertThat(e.getSQLState()).isEqualTo("53100");
                                    assertThat(e.getMessage())
                                            .contains(
                                                    "Cannot write the stream log segment '"
                                                            + dataDir.resolve(
                                                                    "streams/ev/00000000000000000000.log")
                                                            + "': "
                                                            + FailingDisk.NO_SPACE
                                                            + ". Nothing of this INSERT was"
                                                            + " stored.");
                                });
                disk.heal();
                assertThat(s.executeUpdate("INSERT INTO ev VALUES (4)")).isEqualTo(1);
                try (ResultSet rs = s.executeQuery("SELECT k FROM ev")) {
                    StringBuilder seen = new StringBuilder();
                    while (rs.next()) {
                        seen.append(rs.getLong(1)).append(' ');
                    }
                    assertThat(seen.toString()).isEqualTo("1 4 ");
                }
            }
        }
    }
}
