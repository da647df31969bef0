package dev.weir.engine;

import static dev.weir.engine.EngineResults.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.executor.io.FailingDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INSERTs on a disk that fills up: the statement fails with DISK_FULL (SQLSTATE 53100), nothing of
 * it is acknowledged or ever read, views over the stream are unharmed, the engine takes the next
 * statement, and after the disk is healthy again (and a restart) every acknowledged row is there
 * once.
 */
class DiskFullTest {
    @TempDir Path dir;

    private static void assertInsertFails(Engine engine, Path segment, String cause) {
        assertThatThrownBy(() -> engine.execute("INSERT INTO ev VALUES (1, 1), (3, 3)"))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.DISK_FULL);
                            assertThat(e.code().sqlState()).isEqualTo("53100");
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "Cannot write the stream log segment '"
                                                    + segment
                                                    + "': "
                                                    + cause
                                                    + ". Nothing of this INSERT was stored. Free"
                                                    + " disk space (or fix the file system) and"
                                                    + " try again.");
                        });
    }

    @Test
    void anInsertThatCannotBeMadeDurableFailsAndLeavesNothing() throws Exception {
        FailingDisk disk = new FailingDisk().only(p -> p.toString().contains("/streams/"));
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0, disk)) {
            engine.executeScript(
                    "CREATE STREAM ev (k BIGINT NOT NULL, v BIGINT NOT NULL);"
                            + "CREATE MATERIALIZED VIEW totals AS SELECT k, SUM(v) AS total FROM"
                            + " ev GROUP BY k;"
                            + "INSERT INTO ev VALUES (1, 10), (2, 20);");
            Path segment = dir.resolve("streams/ev/00000000000000000000.log");
            long size = Files.size(segment);
            disk.fillUpAfter(7); // part of the first record, then the disk is full
            assertInsertFails(engine, segment, FailingDisk.NO_SPACE);
            assertThat(Files.size(segment)).isEqualTo(size);
            disk.heal().failSyncs(); // written, but never made durable
            assertInsertFails(engine, segment, FailingDisk.IO_ERROR);
            assertThat(Files.size(segment)).isEqualTo(size);
            disk.heal();
            engine.execute("INSERT INTO ev VALUES (2, 5)");
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT k, v FROM ev"))
                    .containsExactly("[1, 10]", "[2, 20]", "[2, 5]");
            assertThat(rows(engine, "SELECT * FROM totals ORDER BY k"))
                    .containsExactly("[1, 10]", "[2, 25]");
        }
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT k, v FROM ev"))
                    .containsExactly("[1, 10]", "[2, 20]", "[2, 5]");
            assertThat(rows(engine, "SELECT * FROM totals ORDER BY k"))
                    .containsExactly("[1, 10]", "[2, 25]");
        }
    }

    private static String state(Engine engine, String id) {
        for (Object[] row : ((StatementResult.Rows) engine.execute("SHOW QUERIES")).rows()) {
            if (row[0].equals(id)) {
                return (String) row[2];
            }
        }
        throw new AssertionError("no query " + id);
    }

    /** Waits (at most a minute) until {@code condition} holds; false if it never does. */
    private static boolean eventually(java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void aQueryWhoseAppendFindsTheDiskFullResumesFromItsCheckpointOnceThereIsRoom()
            throws Exception {
        FailingDisk disk =
                new FailingDisk().only(p -> p.getFileName().toString().startsWith("published"));
        try (LogCapture log = new LogCapture();
                Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0, disk)) {
            engine.executeScript(
                    "CREATE STREAM ev (k BIGINT NOT NULL);"
                            + "CREATE STREAM copy (k BIGINT NOT NULL);"
                            + "INSERT INTO copy SELECT k FROM ev;"
                            + "INSERT INTO ev VALUES (1), (2);");
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            engine.checkpoint();
            disk.fillUpAfter(0);
            engine.execute("INSERT INTO ev VALUES (3), (4)"); // acknowledged: ev has room
            assertThat(eventually(() -> state(engine, "insert_1").equals("FAILED"))).isTrue();
            assertThat(rows(engine, "SELECT k FROM copy")).containsExactly("[1]", "[2]");
            disk.heal();
            assertThat(eventually(() -> rows(engine, "SELECT k FROM copy").size() == 4)).isTrue();
            assertThat(state(engine, "insert_1")).isEqualTo("RUNNING");
            assertThat(rows(engine, "SELECT k FROM copy"))
                    .containsExactly("[1]", "[2]", "[3]", "[4]");
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "WARNING Persistent query insert_1 failed"
                                                            + " (Cannot write the record of"
                                                            + " appended rows '")
                                            .endsWith(
                                                    "); restarting it from its newest"
                                                            + " checkpoint."));
            engine.execute("INSERT INTO ev VALUES (5)");
            assertThat(eventually(() -> rows(engine, "SELECT k FROM copy").size() == 5)).isTrue();
        }
        try (Engine engine = Engine.open(dir, FsyncPolicy.ALWAYS, 0)) {
            assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
            assertThat(rows(engine, "SELECT k FROM copy"))
                    .containsExactly("[1]", "[2]", "[3]", "[4]", "[5]");
        }
    }
}
