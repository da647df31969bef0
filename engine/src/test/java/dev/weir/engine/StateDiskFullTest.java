package dev.weir.engine;

import static dev.weir.engine.EngineResults.rows;
import static dev.weir.engine.EngineResults.showQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.executor.io.DurableFiles;
import dev.weir.executor.state.rocksdb.RocksDbDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A materialized view and an {@code INSERT INTO stream SELECT} whose RocksDB state finds the disk
 * full ({@link RocksDbDisk}: RocksDB's own space limit, so flushes fail inside RocksDB as on a full
 * disk). Their checkpoints fail and their jobs fail with DISK_FULL, said in {@code weir.log} and
 * SHOW QUERIES; a reader of the view gets DISK_FULL, not an internal error; INSERTs into the stream
 * (Weir's own log, not on that disk) and snapshot queries go on. The failed checkpoints leave
 * nothing a restart could pick. The queries are restarted from their last checkpoint with the
 * back-off, fail again while the disk stays full, and once there is room resume: the view and the
 * stream then hold exactly what a direct computation over every row inserted gives, also after a
 * restart of the engine.
 */
class StateDiskFullTest {
    private static final int KEYS = 7;

    @TempDir Path dir;

    private final Random random = new Random(20261207);
    private final List<long[]> inserted = new ArrayList<>();

    /** Inserts {@code count} random rows into {@code ev}, one statement, and remembers them. */
    private void insert(Engine engine, int count) {
        StringBuilder sql = new StringBuilder("INSERT INTO ev VALUES ");
        for (int i = 0; i < count; i++) {
            long n = inserted.size();
            long k = random.nextInt(KEYS);
            long v = random.nextInt(100);
            inserted.add(new long[] {n, k, v});
            sql.append(i == 0 ? "" : ", ").append('(').append(n).append(", ").append(k);
            sql.append(", ").append(v).append(')');
        }
        engine.execute(sql.toString());
    }

    /** The view's rows computed directly: per key, the count and the sum. */
    private List<String> expectedTotals() {
        Map<Long, long[]> perKey = new TreeMap<>();
        for (long[] r : inserted) {
            long[] cs = perKey.computeIfAbsent(r[1], k -> new long[2]);
            cs[0]++;
            cs[1] += r[2];
        }
        List<String> rows = new ArrayList<>();
        perKey.forEach((k, cs) -> rows.add("[" + k + ", " + cs[0] + ", " + cs[1] + "]"));
        return rows;
    }

    /** The stream's rows computed directly: the rows with v >= 50, in the order inserted. */
    private List<String> expectedHigh() {
        List<String> rows = new ArrayList<>();
        for (long[] r : inserted) {
            if (r[2] >= 50) {
                rows.add("[" + r[0] + ", " + r[2] + "]");
            }
        }
        return rows;
    }

    private static final String TOTALS = "SELECT k, c, total FROM totals ORDER BY k";
    private static final String HIGH = "SELECT n, v FROM high ORDER BY n";

    private boolean upToDate(Engine engine) {
        try {
            return rows(engine, TOTALS).equals(expectedTotals())
                    && rows(engine, HIGH).equals(expectedHigh());
        } catch (WeirException e) {
            return false; // the view is failed: not up to date
        }
    }

    @Test
    void aViewAndAnInsertOnAFullDiskFailCleanlyAndResumeExactlyOnceThereIsRoom() throws Exception {
        RocksDbDisk disk = RocksDbDisk.fillable();
        try (LogCapture log = new LogCapture();
                Engine engine = Engine.open(dir, FsyncPolicy.NEVER, 0, DurableFiles.DISK, disk)) {
            engine.executeScript(
                    "CREATE STREAM ev (n BIGINT NOT NULL, k BIGINT NOT NULL, v BIGINT NOT NULL);"
                            + "CREATE STREAM high (n BIGINT NOT NULL, v BIGINT NOT NULL);"
                            + "CREATE MATERIALIZED VIEW totals AS SELECT k, COUNT(*) AS c,"
                            + " SUM(v) AS total FROM ev GROUP BY k;"
                            + "INSERT INTO high SELECT n, v FROM ev WHERE v >= 50;");
            insert(engine, 300);
            assertThat(eventually(() -> upToDate(engine))).isTrue();
            assertThat(engine.checkpoint()).isEqualTo(1);
            assertThat(showQuery(engine, "insert_1").get("checkpoints")).isEqualTo(1L);

            disk.fill();
            insert(engine, 300); // the jobs take it into memory: no file is written yet
            assertThat(eventually(() -> upToDate(engine))).isTrue();
            // The checkpoint's flush finds the disk full: no checkpoint, and both jobs fail.
            assertThat(engine.checkpoint()).isZero();
            for (int failures = 1; failures <= 2; failures++) {
                Map<String, Object> view = awaitFailed(engine, "mv_totals");
                assertThat((String) view.get("error"))
                        .startsWith("Cannot write the state in '")
                        .contains("Max allowed space was reached");
                Map<String, Object> query = awaitFailed(engine, "insert_1");
                assertThat((String) query.get("error")).contains("Max allowed space was reached");
                assertReadersGetDiskFull(engine);
                // Other work goes on: appends to a stream are Weir's own log, not RocksDB's.
                insert(engine, 100);
                assertThat(rows(engine, "SELECT COUNT(*) FROM ev"))
                        .containsExactly("[" + inserted.size() + "]");
                assertOnlyWholeCheckpoints(dir.resolve("views/totals/checkpoints"));
                assertOnlyWholeCheckpoints(dir.resolve("queries/insert_1/checkpoints"));
                // Restarted from checkpoint 1 after the back-off; still no room for the next.
                assertThat(eventually(() -> running(engine, "mv_totals", "insert_1"))).isTrue();
                assertThat(engine.checkpoint()).isZero();
            }
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "WARNING Materialized view 'totals' failed"
                                                            + " (Cannot write the state in '")
                                            .endsWith(
                                                    "); restarting it from its newest"
                                                            + " checkpoint."))
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "WARNING Persistent query insert_1 failed"
                                                            + " (Cannot write the state in '"))
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "WARNING Cannot checkpoint the materialized"
                                                            + " view 'totals'")
                                            .contains("Max allowed space was reached"));

            disk.heal();
            // The next restart (or the job restarted while the disk was full, whose database
            // has not tried to add a file yet) checkpoints again and catches up.
            assertThat(
                            eventually(
                                    () ->
                                            running(engine, "mv_totals", "insert_1")
                                                    && engine.checkpoint() == 1
                                                    && (Long)
                                                                    showQuery(engine, "insert_1")
                                                                            .get("checkpoints")
                                                            > 0))
                    .isTrue();
            assertThat(eventually(() -> upToDate(engine))).isTrue();
            assertThat(rows(engine, TOTALS)).isEqualTo(expectedTotals());
            assertThat(rows(engine, HIGH)).isEqualTo(expectedHigh());
            insert(engine, 100);
            assertThat(eventually(() -> upToDate(engine))).isTrue();
        }
        try (Engine engine = Engine.open(dir, FsyncPolicy.NEVER, 0)) {
            assertThat(eventually(() -> upToDate(engine))).isTrue();
            assertThat(rows(engine, TOTALS)).isEqualTo(expectedTotals());
            assertThat(rows(engine, HIGH)).isEqualTo(expectedHigh());
        }
    }

    private static void assertReadersGetDiskFull(Engine engine) {
        try {
            rows(engine, TOTALS);
            // Restarted meanwhile (the back-off is at least a second): nothing to check then.
        } catch (WeirException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.DISK_FULL);
            assertThat(e.code().sqlState()).isEqualTo("53100");
            assertThat(e.getMessage())
                    .startsWith("The materialized view 'totals' stopped being maintained:")
                    .contains("Max allowed space was reached");
        }
    }

    /** Only committed checkpoints, each with its manifest: nothing half-written to restore. */
    private static void assertOnlyWholeCheckpoints(Path checkpoints) throws IOException {
        try (Stream<Path> entries = Files.list(checkpoints)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).containsExactly("chk-000000001");
        }
        assertThat(checkpoints.resolve("chk-000000001/MANIFEST.json")).exists();
    }

    private static boolean running(Engine engine, String... ids) {
        for (String id : ids) {
            if (!showQuery(engine, id).get("state").equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /** SHOW QUERIES' row of {@code id} once it is FAILED (within a minute). */
    private static Map<String, Object> awaitFailed(Engine engine, String id)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Map<String, Object> row = showQuery(engine, id);
            if (row.get("state").equals("FAILED")) {
                return row;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(id + " did not fail within a minute: " + showQuery(engine, id));
    }

    /**
     * Waits (at most a minute and a half) until {@code condition} holds; false if it never does.
     */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
