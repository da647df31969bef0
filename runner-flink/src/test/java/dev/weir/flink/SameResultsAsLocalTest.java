package dev.weir.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.flink.source.FlinkSources;
import dev.weir.plan.JobGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same plan on the local executor and on Flink at parallelism 1, 2 and 4, over the same files
 * with rows out of order and late: the same final rows and the same late rows dropped, and at
 * parallelism 1 the same changelog wherever its order is defined (one input, one instance).
 */
class SameResultsAsLocalTest {
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
                                        "bids", TestData.bids(dir, "bids", 7, 400, true)))
                                .stream(
                                        TestData.bidsStream(
                                                "asks", TestData.bids(dir, "asks", 11, 300, false)))
                                .stream(
                                        TestData.bidsStream(
                                                "offers",
                                                TestData.bids(dir, "offers", 13, 300, false)))
                                .stream(
                                        "CREATE STREAM items (since TIMESTAMP(3), name VARCHAR, category"
                                                + " VARCHAR) WITH ('connector' = 'file', 'format' = 'csv',"
                                                + " 'path' = '"
                                                + TestData.items(dir)
                                                + "')");
    }

    @AfterAll
    static void stop() throws Exception {
        runner.close();
    }

    @Test
    void tumbleAfterWatermark() throws Exception {
        assertSame(
                "SELECT item, window_start, window_end, COUNT(*) AS n, SUM(price) AS total FROM"
                        + " TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))"
                        + " GROUP BY item, window_start, window_end EMIT STREAM AFTER WATERMARK",
                true,
                true);
    }

    @Test
    void tumbleEveryChangeWithoutKeys() throws Exception {
        assertSame(
                "SELECT window_start, window_end, COUNT(*) AS n, MAX(price) AS top FROM"
                        + " TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' SECOND))"
                        + " GROUP BY window_start, window_end EMIT STREAM",
                true,
                true);
    }

    @Test
    void hop() throws Exception {
        assertSame(
                "SELECT item, window_start, window_end, MIN(price) AS low, COUNT(DISTINCT bidder)"
                        + " AS bidders FROM TABLE(HOP(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5'"
                        + " SECOND, INTERVAL '15' SECOND)) GROUP BY item, window_start, window_end"
                        + " EMIT STREAM AFTER WATERMARK",
                true,
                true);
    }

    @Test
    void cumulate() throws Exception {
        assertSame(
                "SELECT item, window_start, window_end, SUM(price) AS total FROM"
                        + " TABLE(CUMULATE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' SECOND,"
                        + " INTERVAL '20' SECOND)) GROUP BY item, window_start, window_end",
                true,
                true);
    }

    @Test
    void sessionAggregate() throws Exception {
        assertSame(
                "SELECT item, window_start, window_end, COUNT(*) AS n FROM"
                        + " TABLE(SESSION(TABLE bids PARTITION BY item, DESCRIPTOR(bidtime),"
                        + " INTERVAL '3' SECOND)) GROUP BY item, window_start, window_end EMIT"
                        + " STREAM",
                true,
                true);
    }

    @Test
    void windowTopN() throws Exception {
        assertSame(
                "SELECT window_start, window_end, item, price, rownum FROM (SELECT *, ROW_NUMBER()"
                        + " OVER (PARTITION BY window_start, window_end, item ORDER BY price DESC,"
                        + " bidder) AS rownum FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime),"
                        + " INTERVAL '10' SECOND))) WHERE rownum <= 2",
                false,
                true);
    }

    @Test
    void windowTopNAfterWindowAggregate() throws Exception {
        assertSame(
                "SELECT window_start, window_end, item, n FROM (SELECT *, RANK() OVER (PARTITION"
                        + " BY window_start, window_end ORDER BY n DESC) AS r FROM (SELECT item,"
                        + " window_start, window_end, COUNT(*) AS n FROM TABLE(HOP(TABLE bids,"
                        + " DESCRIPTOR(bidtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP"
                        + " BY item, window_start, window_end)) WHERE r <= 2 EMIT STREAM",
                false,
                true);
    }

    /**
     * A GROUP BY of a window aggregate's bounds: a window aggregate over attached windows, keyed by
     * its other keys (none here: one instance), firing on the window ends the rows carry.
     */
    @Test
    void attachedWindowAggregateOverAWindowAggregate() throws Exception {
        assertSame(
                "SELECT window_start, window_end, MAX(n) AS maxn, COUNT(*) AS items FROM (SELECT"
                        + " item, window_start, window_end, COUNT(*) AS n FROM TABLE(HOP(TABLE"
                        + " bids, DESCRIPTOR(bidtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND))"
                        + " GROUP BY item, window_start, window_end) GROUP BY window_start,"
                        + " window_end EMIT STREAM AFTER WATERMARK",
                false,
                true);
    }

    /** The same over a window Top-N's rows, keyed by another column. */
    @Test
    void attachedWindowAggregateOverAWindowTopN() throws Exception {
        assertSame(
                "SELECT window_start, window_end, item, COUNT(*) AS n, SUM(price) AS total FROM"
                        + " (SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY"
                        + " window_start, window_end ORDER BY price DESC, bidder) AS rownum FROM"
                        + " TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' SECOND)))"
                        + " WHERE rownum <= 5) GROUP BY window_start, window_end, item EMIT STREAM"
                        + " AFTER WATERMARK",
                false,
                true);
    }

    @Test
    void windowRowsAfterWatermark() throws Exception {
        assertSame(
                "SELECT item, price, window_start, window_end FROM TABLE(HOP(TABLE bids,"
                        + " DESCRIPTOR(bidtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND))"
                        + " EMIT STREAM AFTER WATERMARK",
                true,
                true);
    }

    /**
     * The result brings its watermark along, after the rows it completes: what the server prunes
     * EMIT STREAM's versions of finished windows by.
     */
    @Test
    void resultCarriesItsWatermarkAfterTheRowsItCompletes() throws Exception {
        JobGraph graph =
                queries.plan(
                        "SELECT item, window_start, window_end, COUNT(*) AS n FROM"
                                + " TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10'"
                                + " SECOND)) GROUP BY item, window_start, window_end EMIT STREAM"
                                + " AFTER WATERMARK");
        int windowEnd = 2;
        List<Change> changes = new ArrayList<>();
        List<Long> watermarks = new ArrayList<>();
        try (FlinkQuery query =
                runner.submit(
                        "watermarks",
                        graph,
                        FlinkSources.connectors(),
                        JobSettings.of(2).withCheckpointInterval(100))) {
            query.forward(
                    new ResultSink() {
                        @Override
                        public void accept(Change change) {
                            long end = (Long) change.row().get(windowEnd);
                            if (!watermarks.isEmpty()) {
                                assertThat(end)
                                        .as("a row after the watermark that completed it")
                                        .isGreaterThan(watermarks.get(watermarks.size() - 1));
                            }
                            changes.add(change);
                        }

                        @Override
                        public void watermark(long watermark) {
                            watermarks.add(watermark);
                        }

                        @Override
                        public void finish() {}

                        @Override
                        public void fail(Throwable error) {}
                    },
                    () -> false);
        }
        assertThat(watermarks).isSorted().hasSizeGreaterThan(2).endsWith(Long.MAX_VALUE);
        assertThat(Changelogs.fold(changes))
                .isEqualTo(Changelogs.fold(Queries.runLocally(graph).changes()));
    }

    @Test
    void sessionRows() throws Exception {
        assertSame(
                "SELECT item, price, window_start, window_end FROM"
                        + " TABLE(SESSION(TABLE bids PARTITION BY item, DESCRIPTOR(bidtime),"
                        + " INTERVAL '2' SECOND))",
                true,
                true);
    }

    @Test
    void groupAggregateOverRetractions() throws Exception {
        assertSame(
                "SELECT n, COUNT(*) AS items, MAX(total) AS top FROM (SELECT item, COUNT(*) AS n,"
                        + " SUM(price) AS total FROM bids GROUP BY item) GROUP BY n",
                true,
                false);
    }

    @Test
    void globalAggregateOverRetractions() throws Exception {
        // The empty result of a global aggregate comes at the first timer round: when is not
        // defined, so neither is the changelog's order.
        assertSame(
                "SELECT MIN(total) AS low, MAX(total) AS high, COUNT(*) AS bidders FROM (SELECT"
                        + " bidder, SUM(price) AS total FROM bids GROUP BY bidder)",
                false,
                false);
    }

    @Test
    void innerJoin() throws Exception {
        assertSame(
                "SELECT b.item, i.category, b.price FROM bids b JOIN items i ON b.item = i.name",
                false,
                false);
    }

    @Test
    void leftJoinThenAggregate() throws Exception {
        assertSame(
                "SELECT i.category, COUNT(*) AS n, SUM(b.price) AS total FROM bids b LEFT JOIN"
                        + " items i ON b.item = i.name GROUP BY i.category",
                false,
                false);
    }

    private static void assertSame(String sql, boolean orderDefined, boolean lateRows)
            throws Exception {
        SameAsLocal.assertSame(runner, queries.plan(sql), orderDefined, lateRows);
    }
}
