package dev.weir.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.connector.log.FsyncPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableEngineTest {
    @TempDir Path dataDir;

    @Test
    void catalogAndInternalStreamsSurviveARestart() {
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.ALWAYS)) {
            engine.executeScript(
                    "CREATE STREAM s (ts TIMESTAMP NOT NULL, v INT, WATERMARK FOR ts AS ts);"
                            + "CREATE VIEW big AS SELECT v FROM s WHERE v > 1;"
                            + "INSERT INTO s VALUES (TIMESTAMP '2026-01-01 00:00:00', 1), (TIMESTAMP '2026-01-01 00:00:01', 2);");
        }
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.ALWAYS)) {
            engine.execute("INSERT INTO s VALUES (TIMESTAMP '2026-01-01 00:00:02', 3)");
            StatementResult.Rows rows =
                    (StatementResult.Rows) engine.execute("SELECT v FROM big ORDER BY v");
            assertThat(rows.rows()).extracting(r -> r[0]).containsExactly(2, 3);
            engine.execute("DROP VIEW big");
            engine.execute("DROP STREAM s");
        }
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.ALWAYS)) {
            assertThat(((StatementResult.Rows) engine.execute("SHOW STREAMS")).rows()).isEmpty();
            engine.execute("CREATE STREAM s (ts TIMESTAMP NOT NULL, v INT)");
            assertThat(((StatementResult.Rows) engine.execute("SELECT v FROM s")).rows()).isEmpty();
        }
    }
}
