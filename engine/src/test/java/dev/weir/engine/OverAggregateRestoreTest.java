package dev.weir.engine;

import static dev.weir.engine.EngineResults.rows;
import static dev.weir.engine.EngineResults.showQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.connector.log.FsyncPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A materialized view of OVER aggregates (two frames, so two over_aggregate operators) restored
 * from its checkpoint after a crash: a row that was waiting for the watermark at the checkpoint,
 * the frames' rows and the accumulators come back, so the rows after the restart are computed as if
 * nothing had happened, and only the event after the checkpoint is replayed.
 */
class OverAggregateRestoreTest {
    private static final String SCHEMA =
            "CREATE STREAM bid (auction BIGINT NOT NULL, price BIGINT NOT NULL, bidtime"
                    + " TIMESTAMP(3) NOT NULL, WATERMARK FOR bidtime AS bidtime - INTERVAL '1'"
                    + " SECOND);";

    private static final String VIEW =
            "CREATE MATERIALIZED VIEW recent AS SELECT auction, price, SUM(price) OVER (PARTITION"
                    + " BY auction ORDER BY bidtime ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS"
                    + " last2, COUNT(*) OVER (PARTITION BY auction ORDER BY bidtime RANGE BETWEEN"
                    + " INTERVAL '5' SECOND PRECEDING AND CURRENT ROW) AS in5s FROM bid";

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
    void waitingRowsFramesAndAccumulatorsSurviveACrash() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        try (Engine engine = Engine.open(live, FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(SCHEMA);
            engine.execute(VIEW);
            insert(engine, 1, 10, 1);
            insert(engine, 1, 20, 2);
            insert(engine, 2, 5, 3);
            insert(engine, 1, 30, 4); // the watermark is at 08:00:03: this row waits
            insert(engine, 1, 99, 2); // late: dropped and counted
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT * FROM recent ORDER BY auction, price"))
                    .containsExactly("[1, 10, 10, 1]", "[1, 20, 30, 2]", "[2, 5, 5, 1]");
            assertThat(showQuery(engine, "mv_recent").get("late_rows_dropped")).isEqualTo(1L);
            assertThat(engine.checkpoint()).isEqualTo(1);
            insert(engine, 1, 40, 6); // after the checkpoint: replayed on restart
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            DataDirectories.crashCopy(live, crashed);
        }
        try (Engine engine = Engine.open(crashed, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(showQuery(engine, "mv_recent").get("catch_up_rows")).isEqualTo(1L);
            insert(engine, 1, 50, 8);
            insert(engine, 2, 1, 9); // the watermark passes 08:00:08
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            // Auction 1: ROWS sums of each row and the one before (10, 20, 30, 40, 50), RANGE
            // counts of the rows in the last 5 seconds; auction 2's second row still waits.
            assertThat(rows(engine, "SELECT * FROM recent ORDER BY auction, price"))
                    .containsExactly(
                            "[1, 10, 10, 1]",
                            "[1, 20, 30, 2]",
                            "[1, 30, 50, 3]",
                            "[1, 40, 70, 4]",
                            "[1, 50, 90, 3]",
                            "[2, 5, 5, 1]");
        }
    }
}
