package dev.weir.engine;

import static dev.weir.engine.EngineResults.rows;
import static dev.weir.engine.EngineResults.showQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.executor.io.FailingDisk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What SHOW QUERIES and weir.log say of a persistent query's recovery (restore, events replayed)
 * and of its checkpoints, including checkpoints that cannot be written.
 */
class DurabilityFiguresTest {
    private static final String SCHEMA =
            "CREATE STREAM ev (k BIGINT NOT NULL, v BIGINT NOT NULL);"
                    + "CREATE MATERIALIZED VIEW totals AS SELECT k, COUNT(*) AS n, SUM(v) AS total"
                    + " FROM ev GROUP BY k;"
                    + "CREATE STREAM big (k BIGINT NOT NULL, v BIGINT NOT NULL);"
                    + "INSERT INTO big SELECT k, v FROM ev WHERE v >= 5;";

    @TempDir Path dir;

    private static void insert(Engine engine, int from, int to) {
        StringBuilder sql = new StringBuilder("INSERT INTO ev VALUES ");
        for (int i = from; i < to; i++) {
            sql.append(i == from ? "" : ", ")
                    .append("(")
                    .append(i % 3)
                    .append(", ")
                    .append(i)
                    .append(")");
        }
        engine.execute(sql.toString());
    }

    @Test
    void aRecoveredQueryReportsItsRestoreAndExactlyTheEventsItReplayed() throws Exception {
        Path crashed = dir.resolve("crashed");
        try (Engine engine = Engine.open(dir.resolve("live"), FsyncPolicy.ALWAYS, 0)) {
            engine.executeScript(SCHEMA);
            insert(engine, 0, 10);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            Map<String, Object> created = showQuery(engine, "mv_totals");
            assertThat(created.get("restore_ms")).isNull(); // created, not restored
            assertThat(created.get("checkpoints")).isEqualTo(0L);
            assertThat(engine.checkpoint()).isEqualTo(1);
            insert(engine, 10, 17); // after the checkpoint: what a restart replays
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            DataDirectories.crashCopy(dir.resolve("live"), crashed);
        }
        try (LogCapture log = new LogCapture();
                Engine engine = Engine.open(crashed, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            for (String id : List.of("mv_totals", "insert_1")) {
                Map<String, Object> row = showQuery(engine, id);
                assertThat(row.get("state")).as(id).isEqualTo("RUNNING");
                assertThat((Long) row.get("restore_ms")).as(id).isNotNull().isNotNegative();
                assertThat((Long) row.get("catch_up_ms")).as(id).isNotNull().isNotNegative();
                assertThat(row.get("catch_up_rows")).as(id).isEqualTo(7L);
                assertThat(row.get("checkpoints")).as(id).isEqualTo(0L);
                assertThat(row.get("checkpoint_ms")).as(id).isNull();
                assertThat(row.get("checkpoint_failures")).as(id).isEqualTo(0L);
                assertThat(row.get("checkpoint_error")).as(id).isNull();
            }
            Path checkpoint = crashed.resolve("views/totals/checkpoints/chk-000000001");
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "INFO Materialized view 'totals' restored"
                                                            + " from "
                                                            + checkpoint
                                                            + " restore took ")
                                            .endsWith(
                                                    " ms (3 rows); replaying its sources from"
                                                            + " there."))
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "INFO Materialized view 'totals' recovered:"
                                                            + " caught up with its sources after"
                                                            + " reading 7 events in ")
                                            .contains(" ms restore + ")
                                            .endsWith(" ms catch-up); it has 3 rows."))
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "INFO Persistent query insert_1 caught up"
                                                            + " with its sources after reading 7"
                                                            + " events in "));
            assertThat(rows(engine, "SELECT * FROM totals ORDER BY k"))
                    .isEqualTo(
                            rows(
                                    engine,
                                    "SELECT k, COUNT(*), SUM(v) FROM ev GROUP BY k ORDER BY k"));
            assertThat(rows(engine, "SELECT COUNT(*), SUM(v) FROM big"))
                    .containsExactly("[12, 126]");

            assertThat(engine.checkpoint()).isEqualTo(1);
            Map<String, Object> after = showQuery(engine, "mv_totals");
            assertThat(after.get("checkpoints")).isEqualTo(1L);
            assertThat((Long) after.get("checkpoint_ms")).isNotNull().isNotNegative();
            Path written = crashed.resolve("views/totals/checkpoints/chk-000000002");
            assertThat(after.get("checkpoint_bytes")).isEqualTo(CheckpointStore.sizeOf(written));
            assertThat(showQuery(engine, "insert_1").get("checkpoints")).isEqualTo(1L);
        }
    }

    @Test
    void aCheckpointThatCannotBeWrittenKeepsThePreviousOneAndIsReported() throws Exception {
        FailingDisk disk =
                new FailingDisk()
                        .only(p -> p.getFileName().toString().equals(CheckpointStore.MANIFEST));
        Path live = dir.resolve("live");
        Path checkpoints = live.resolve("views/totals/checkpoints");
        try (LogCapture log = new LogCapture();
                Engine engine = Engine.open(live, FsyncPolicy.ALWAYS, 0, disk)) {
            engine.executeScript(SCHEMA);
            insert(engine, 0, 5);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(engine.checkpoint()).isEqualTo(1);

            disk.fillUpAfter(0);
            insert(engine, 5, 9);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(engine.checkpoint()).isZero();
            Map<String, Object> failing = showQuery(engine, "mv_totals");
            assertThat(failing.get("state")).isEqualTo("RUNNING");
            assertThat(failing.get("checkpoints")).isEqualTo(1L);
            assertThat(failing.get("checkpoint_failures")).isEqualTo(1L);
            assertThat(failing.get("checkpoint_error")).isEqualTo(FailingDisk.NO_SPACE);
            assertThat(showQuery(engine, "insert_1").get("checkpoint_failures")).isEqualTo(1L);
            // Nothing of the failed checkpoint is left; the one before is untouched.
            assertThat(DataDirectories.tree(checkpoints))
                    .allMatch(p -> p.startsWith("chk-000000001"));
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "WARNING Cannot checkpoint the materialized"
                                                            + " view 'totals' (")
                                            .contains("): " + FailingDisk.NO_SPACE + ".")
                                            .endsWith(
                                                    "The previous checkpoint (1) stays in effect;"
                                                            + " the query goes on and the next"
                                                            + " checkpoint is tried at the next"
                                                            + " interval."));
            // The view is still maintained.
            insert(engine, 9, 10);
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT SUM(n) FROM totals")).containsExactly("[10]");
            DataDirectories.crashCopy(live, dir.resolve("crashed"));

            disk.heal();
            assertThat(engine.checkpoint()).isEqualTo(1);
            Map<String, Object> healed = showQuery(engine, "mv_totals");
            assertThat(healed.get("checkpoints")).isEqualTo(2L);
            assertThat(healed.get("checkpoint_failures")).isEqualTo(1L);
            assertThat(healed.get("checkpoint_error")).isNull();
        }
        // A crash while the checkpoints failed: the view comes back from the one before, exact.
        try (Engine engine = Engine.open(dir.resolve("crashed"), FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(showQuery(engine, "mv_totals").get("catch_up_rows")).isEqualTo(5L);
            assertThat(rows(engine, "SELECT * FROM totals ORDER BY k"))
                    .containsExactly("[0, 4, 18]", "[1, 3, 12]", "[2, 3, 15]");
            assertThat(rows(engine, "SELECT COUNT(*) FROM big")).containsExactly("[5]");
        }
    }
}
