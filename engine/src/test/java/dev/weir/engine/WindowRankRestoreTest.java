package dev.weir.engine;

import static dev.weir.engine.EngineResults.rows;
import static dev.weir.engine.EngineResults.showQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.connector.log.FsyncPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A materialized view of a window Top-N restored from its checkpoint after a crash: the open
 * window's ranked rows and the watermark (which decides lateness) come back, so the window fires
 * after the restart with the rows from before it, and only the event after the checkpoint is
 * replayed.
 */
class WindowRankRestoreTest {
    private static final String SCHEMA =
            "CREATE STREAM bid (auction BIGINT NOT NULL, price BIGINT NOT NULL, bidtime"
                    + " TIMESTAMP(3) NOT NULL, WATERMARK FOR bidtime AS bidtime - INTERVAL '1'"
                    + " SECOND);";

    private static final String VIEW =
            "CREATE MATERIALIZED VIEW best AS SELECT auction, price, rownum FROM (SELECT *,"
                    + " ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price"
                    + " DESC) AS rownum FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL"
                    + " '10' SECOND))) WHERE rownum <= 2";

    @TempDir Path dir;

    private static void insert(Engine engine, long auction, long price, int second) {
        engine.execute(
                "INSERT INTO bid VALUES ("
                        + auction
                        + ", "
                        + price
                        + ", TIMESTAMP '2026-01-01 08:00:00' + INTERVAL '"
                        + second
                        + "' SECOND)");
    }

    @Test
    void openWindowsAndTheWatermarkSurviveACrash() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        try (Engine engine = Engine.open(live, FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(SCHEMA);
            engine.execute(VIEW);
            insert(engine, 1, 10, 1);
            insert(engine, 2, 30, 2);
            insert(engine, 1, 20, 5);
            insert(engine, 3, 25, 12); // the watermark passes 08:00:10: the first window fires
            insert(engine, 1, 99, 8); // late for the fired window: dropped and counted
            insert(engine, 2, 40, 13);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM best ORDER BY price"))
                    .containsExactly("[1, 20, 2]", "[2, 30, 1]");
            assertThat(showQuery(engine, "mv_best").get("late_rows_dropped")).isEqualTo(1L);
            assertThat(engine.checkpoint()).isEqualTo(1);
            insert(engine, 1, 35, 14); // after the checkpoint: replayed on restart
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            DataDirectories.crashCopy(live, crashed);
        }
        try (Engine engine = Engine.open(crashed, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(showQuery(engine, "mv_best").get("catch_up_rows")).isEqualTo(1L);
            insert(engine, 3, 5, 15);
            insert(engine, 1, 77, 9); // late: its window fired before the crash
            insert(engine, 1, 1, 21); // the watermark passes 08:00:20: the second window fires
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM best ORDER BY price"))
                    .containsExactly("[1, 20, 2]", "[2, 30, 1]", "[1, 35, 2]", "[2, 40, 1]");
        }
    }
}
