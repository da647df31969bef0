package dev.weir.engine;

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

    @Test
    void aContinuousQueryKeepsItsStateInRocksDbAndDeletesItWhenCancelled() throws Exception {
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER)) {
            engine.execute(
                    "CREATE STREAM s (ts TIMESTAMP NOT NULL, k VARCHAR, WATERMARK FOR ts AS ts)");
            engine.execute(
                    "INSERT INTO s VALUES (TIMESTAMP '2026-01-01 00:00:00', 'a'),"
                            + " (TIMESTAMP '2026-01-01 00:00:01', 'a'), (TIMESTAMP '2026-01-01 00:00:02', 'b')");
            ContinuousQuery q =
                    ((StatementResult.Continuous)
                                    engine.execute(
                                            "SELECT k, COUNT(*) AS n FROM s GROUP BY k EMIT STREAM"))
                            .query();
            q.job().orElseThrow().awaitCaughtUp(30_000);
            java.util.List<String> rows = new java.util.ArrayList<>();
            while (true) {
                var row = q.next(0, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (row.isEmpty()) {
                    break;
                }
                rows.add(
                        row.get()[0]
                                + " "
                                + row.get()[1]
                                + " "
                                + row.get()[2]
                                + " "
                                + row.get()[4]);
            }
            assertThat(rows)
                    .containsExactly("a 1 false 0", "a 1 true 1", "a 2 false 2", "b 1 false 0");
            try (var dirs = java.nio.file.Files.list(dataDir.resolve("state"))) {
                assertThat(dirs.toList()).hasSize(1);
            }
            engine.execute("CANCEL QUERY '" + q.id() + "'");
            q.job().orElseThrow().join(10_000);
            try (var dirs = java.nio.file.Files.list(dataDir.resolve("state"))) {
                assertThat(dirs.toList()).isEmpty();
            }
        }
    }

    /**
     * Closing the engine waits for its continuous queries' jobs to close and delete their state, so
     * that the next engine on the same data directory never meets a directory half-deleted (CI once
     * failed on exactly that, in a script restarted in the middle).
     */
    @Test
    void closingTheEngineWaitsUntilContinuousQueriesHaveDeletedTheirState() throws Exception {
        for (int round = 0; round < 5; round++) {
            try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER)) {
                if (round == 0) {
                    engine.execute(
                            "CREATE STREAM s (ts TIMESTAMP NOT NULL, k VARCHAR,"
                                    + " WATERMARK FOR ts AS ts)");
                    engine.execute("INSERT INTO s VALUES (TIMESTAMP '2026-01-01 00:00:00', 'a')");
                }
                for (int i = 0; i < 4; i++) {
                    engine.execute("SELECT k, COUNT(*) AS n FROM s GROUP BY k EMIT STREAM");
                }
                ContinuousQuery cancelled =
                        ((StatementResult.Continuous) engine.execute("SELECT k FROM s EMIT STREAM"))
                                .query();
                engine.execute("CANCEL QUERY '" + cancelled.id() + "'");
            }
            try (var dirs = java.nio.file.Files.list(dataDir.resolve("state"))) {
                assertThat(dirs.toList()).as("state left after round %d", round).isEmpty();
            }
        }
    }
}
