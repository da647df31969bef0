package dev.weir.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.flink.source.FlinkSources;
import dev.weir.plan.JobGraph;
import java.util.List;
import java.util.Map;

/**
 * Runs a plan on the local executor, then on Flink at parallelism 1, 2 and 4, and checks that Flink
 * gives the same final rows and drops the same late rows per node, and at parallelism 1 the same
 * changelog wherever its order is defined (one input, one instance).
 */
final class SameAsLocal {
    static final int[] PARALLELISM = {1, 2, 4};

    private SameAsLocal() {}

    /**
     * @param orderDefined whether the changelog's order is defined at parallelism 1
     * @param lateRows whether the input has rows late for the query (checked to be dropped)
     * @return the local run's changes, for checks of their own
     */
    static List<Change> assertSame(
            FlinkRunner runner, JobGraph graph, boolean orderDefined, boolean lateRows)
            throws Exception {
        Queries.LocalRun local = Queries.runLocally(graph);
        Map<Integer, Long> localLate = Queries.lateRows(graph, local);
        assertThat(local.changes()).isNotEmpty();
        if (lateRows) {
            assertThat(localLate.values().stream().mapToLong(Long::longValue).sum())
                    .as("late rows dropped locally")
                    .isPositive();
        }
        for (int parallelism : PARALLELISM) {
            Queries.FlinkRun flink =
                    Queries.runOnFlink(
                            runner,
                            graph,
                            FlinkSources.connectors(),
                            JobSettings.of(parallelism).withCheckpointInterval(100));
            List<Change> changes = flink.changes();
            if (parallelism == 1 && orderDefined) {
                assertThat(changes)
                        .as("changelog at parallelism 1")
                        .containsExactlyElementsOf(local.changes());
            }
            assertThat(Changelogs.fold(changes))
                    .as("final rows at parallelism " + parallelism)
                    .isEqualTo(Changelogs.fold(local.changes()));
            assertThat(flink.lateRows())
                    .as("late rows dropped at parallelism " + parallelism)
                    .isEqualTo(localLate);
        }
        return local.changes();
    }
}
