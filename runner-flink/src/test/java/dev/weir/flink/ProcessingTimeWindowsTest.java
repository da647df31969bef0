package dev.weir.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weir.common.row.Row;
import dev.weir.flink.source.FlinkSources;
import dev.weir.plan.JobGraph;
import dev.weir.plan.ProcTimeWatermark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A processing-time window on Flink at parallelism 1, 2 and 4: its clock's watermark ticks on
 * Flink's processing-time timers in the task that stamps the rows, so no row is late, and each row
 * lands in the window of the day it was read. A window of a day makes the expected rows exact
 * (unless the run straddles midnight, when the test is skipped).
 */
class ProcessingTimeWindowsTest {
    private static final long DAY = 86_400_000L;

    @TempDir static Path dir;
    private static FlinkRunner runner;
    private static Queries queries;
    private static Path file;

    @BeforeAll
    static void start() throws Exception {
        runner = FlinkTestCluster.start();
        file = TestData.bids(dir, "clocked", 23, 500, true);
        queries =
                new Queries()
                        .stream(
                                "CREATE STREAM clocked (bidtime TIMESTAMP(3) NOT NULL, item"
                                        + " VARCHAR NOT NULL, price DECIMAL(10, 2), bidder VARCHAR,"
                                        + " pt AS PROCTIME()) WITH ('connector' = 'file', 'format'"
                                        + " = 'csv', 'path' = '"
                                        + file
                                        + "')");
    }

    @AfterAll
    static void stop() throws Exception {
        runner.close();
    }

    @Test
    void aDailyProcessingTimeWindowCountsEveryRowOfItsItem() throws Exception {
        JobGraph graph =
                queries.plan(
                        "SELECT item, window_start, window_end, COUNT(*) AS n FROM"
                                + " TABLE(TUMBLE(TABLE clocked, DESCRIPTOR(pt), INTERVAL '1' DAY))"
                                + " WHERE price > 10 GROUP BY item, window_start, window_end");
        assertThat(graph.nodes()).anyMatch(n -> n instanceof ProcTimeWatermark);
        // Every row read counts, late or not by event time: the file's late rows included.
        Map<String, Long> perItem = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",", -1);
            if (Double.parseDouble(f[2]) > 10) {
                perItem.merge(f[1], 1L, Long::sum);
            }
        }
        for (int parallelism : SameAsLocal.PARALLELISM) {
            LocalDate before = LocalDate.now();
            Queries.FlinkRun flink =
                    Queries.runOnFlink(
                            runner,
                            graph,
                            FlinkSources.connectors(),
                            JobSettings.of(parallelism).withCheckpointInterval(100));
            LocalDate after = LocalDate.now();
            assumeTrue(before.equals(after), "the run straddled midnight");
            long start = before.toEpochDay() * DAY;
            Map<String, Long> expected = new TreeMap<>();
            perItem.forEach(
                    (item, n) -> expected.put(Row.of(item, start, start + DAY, n).toString(), 1L));
            assertThat(Changelogs.fold(flink.changes()))
                    .as("final rows at parallelism " + parallelism)
                    .isEqualTo(expected);
            assertThat(flink.lateRows().values()).as("late rows").allMatch(n -> n == 0);
        }
    }
}
