package dev.weir.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.flink.source.FlinkSources;
import dev.weir.flink.types.ChangeTypeInfo;
import dev.weir.plan.ExecNode;
import dev.weir.plan.JobGraph;
import dev.weir.plan.WindowJoinNode;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task fails mid-stream, once, after a checkpoint has completed: Flink restarts the job from that
 * checkpoint (sources at their checkpointed positions, Weir's state in Flink's keyed state, each
 * operator's watermark) and the result is exactly the one of a run without the failure: nothing
 * lost, nothing counted twice, no late row judged differently.
 */
class FailureRecoveryTest {
    /** Set by the failing map when it has failed: once per test, across the job's restarts. */
    static final AtomicBoolean FAILED = new AtomicBoolean();

    @TempDir static Path dir;
    private static FlinkRunner runner;
    private static Queries queries;

    @BeforeAll
    static void start() throws Exception {
        runner = FlinkTestCluster.start();
        queries =
                new Queries()
                        .stream(
                                TestData.bidsStream(
                                        "bids", TestData.bids(dir, "bids", 5, 3000, true)))
                                .stream(
                                        TestData.bidsStream(
                                                "quotes",
                                                TestData.bids(dir, "quotes", 9, 2000, true)));
    }

    @AfterAll
    static void stop() throws Exception {
        runner.close();
    }

    @BeforeEach
    void arm() {
        FAILED.set(false);
    }

    @Test
    void windowedAggregateRestoresToTheSameChangelog() throws Exception {
        JobGraph graph =
                queries.plan(
                        "SELECT item, window_start, window_end, COUNT(*) AS n, SUM(price) AS total"
                                + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL"
                                + " '10' SECOND)) GROUP BY item, window_start, window_end EMIT"
                                + " STREAM AFTER WATERMARK");
        Queries.LocalRun local = Queries.runLocally(graph);
        Queries.FlinkRun flink =
                Queries.runOnFlink(
                        runner,
                        graph,
                        new FailingSources(1500),
                        JobSettings.of(1).withCheckpointInterval(50));
        assertThat(FAILED).as("the injected failure happened").isTrue();
        assertThat(flink.changes()).containsExactlyElementsOf(local.changes());
    }

    @Test
    void aggregatesOverRetractionsRestoreOnRocksDb() throws Exception {
        JobGraph graph =
                queries.plan(
                        "SELECT n, COUNT(*) AS items, MAX(total) AS top FROM (SELECT item,"
                                + " bidder, COUNT(*) AS n, SUM(price) AS total FROM bids GROUP BY"
                                + " item, bidder) GROUP BY n");
        Queries.LocalRun local = Queries.runLocally(graph);
        Queries.FlinkRun flink =
                Queries.runOnFlink(
                        runner,
                        graph,
                        new FailingSources(1500),
                        JobSettings.of(2).withCheckpointInterval(50).withStateBackend("rocksdb"));
        assertThat(FAILED).as("the injected failure happened").isTrue();
        assertThat(Changelogs.fold(flink.changes())).isEqualTo(Changelogs.fold(local.changes()));
    }

    /**
     * A window join restored mid-stream: each input's own watermark (by which a row is late) comes
     * back from the checkpoint, the rows of open windows and their timers from Flink's keyed state.
     */
    @Test
    void windowJoinRestoresToTheSameResult() throws Exception {
        JobGraph graph =
                queries.plan(
                        "SELECT b.item, b.window_start, b.bidtime, b.price, q.bidtime AS qtime FROM"
                                + " TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5'"
                                + " SECOND)) b FULL JOIN TABLE(TUMBLE(TABLE quotes,"
                                + " DESCRIPTOR(bidtime), INTERVAL '5' SECOND)) q ON b.item ="
                                + " q.item AND b.window_start = q.window_start AND b.window_end ="
                                + " q.window_end AND b.bidder = q.bidder");
        assertThat(graph.nodes()).hasAtLeastOneElementOfType(WindowJoinNode.class);
        Queries.LocalRun local = Queries.runLocally(graph);
        assertThat(
                        Queries.lateRows(graph, local).values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                .as("late rows dropped locally")
                .isPositive();
        Queries.FlinkRun flink =
                Queries.runOnFlink(
                        runner,
                        graph,
                        new FailingSources(1500),
                        JobSettings.of(2).withCheckpointInterval(50));
        assertThat(FAILED).as("the injected failure happened").isTrue();
        assertThat(Changelogs.fold(flink.changes())).isEqualTo(Changelogs.fold(local.changes()));
    }

    /** The file streams, with a map after each that fails once (see {@link FailOnce}). */
    private record FailingSources(long after) implements FlinkSources {
        @Override
        public DataStream<Change> open(
                StreamExecutionEnvironment env,
                ExecNode.Source source,
                WatermarkStrategy<Change> watermarks) {
            DataStream<Change> in = FlinkSources.connectors().open(env, source, watermarks);
            return in.map(new FailOnce(after))
                    .returns(ChangeTypeInfo.INSTANCE)
                    .setParallelism(in.getParallelism())
                    .name("fail-once")
                    .uid("fail-once-n" + source.id());
        }
    }

    /**
     * Passes rows on, slowly enough for checkpoints to happen (more slowly still past {@code after}
     * rows until one has completed); throws once, at the first row past {@code after} rows once a
     * checkpoint has completed.
     */
    private static final class FailOnce extends RichMapFunction<Change, Change>
            implements CheckpointListener {
        private static final long serialVersionUID = 1L;

        private final long after;
        private transient long seen;
        private transient volatile boolean checkpointed;

        FailOnce(long after) {
            this.after = after;
        }

        @Override
        public void open(OpenContext context) {
            seen = 0;
            checkpointed = false;
        }

        @Override
        public Change map(Change change) throws Exception {
            if (++seen % 10 == 0) {
                Thread.sleep(1);
            }
            if (seen >= after && !checkpointed && !FAILED.get()) {
                Thread.sleep(5); // give a checkpoint time to complete before the end
            }
            if (seen >= after && checkpointed && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + seen + " rows");
            }
            return change;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
