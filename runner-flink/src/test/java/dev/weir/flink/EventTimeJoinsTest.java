package dev.weir.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Change;
import dev.weir.common.row.RowKind;
import dev.weir.plan.ExecNode;
import dev.weir.plan.IntervalJoinNode;
import dev.weir.plan.JobGraph;
import dev.weir.plan.TemporalJoinNode;
import dev.weir.plan.WindowJoinNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The joins that decide lateness by each input's own watermark (window, interval and temporal
 * joins) on Flink at parallelism 1, 2 and 4 give the local runner's final rows and drop the same
 * late rows, over two streams that both have rows out of order and late: the host passes each
 * input's watermark to the operator, and each key's watermark work runs on its Flink timers.
 */
class EventTimeJoinsTest {
    @TempDir static Path dir;
    private static FlinkRunner runner;
    private static Queries queries;

    /** Both sides windowed by the same TUMBLE, joined on item and window. */
    private static final String WINDOWS =
            " FROM (SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5'"
                    + " SECOND))) b %s (SELECT * FROM TABLE(TUMBLE(TABLE quotes,"
                    + " DESCRIPTOR(bidtime), INTERVAL '5' SECOND))) q ON b.item = q.item AND"
                    + " b.window_start = q.window_start AND b.window_end = q.window_end";

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
                                                "quotes",
                                                TestData.bids(dir, "quotes", 17, 300, true)))
                                .view(
                                        "CREATE VIEW last_quotes AS SELECT item, price, bidtime FROM"
                                                + " (SELECT *, ROW_NUMBER() OVER (PARTITION BY item ORDER"
                                                + " BY bidtime DESC) AS rownum FROM quotes) WHERE rownum"
                                                + " = 1 AND price > 10");
    }

    @AfterAll
    static void stop() throws Exception {
        runner.close();
    }

    @Test
    void windowJoinInner() throws Exception {
        assertSame(
                WindowJoinNode.class,
                "SELECT b.item, b.window_start, b.price, q.price AS quote"
                        + WINDOWS.formatted("JOIN"));
    }

    @Test
    void windowJoinLeftWithACondition() throws Exception {
        assertSame(
                WindowJoinNode.class,
                "SELECT b.item, b.window_start, b.bidtime, b.price, q.price AS quote"
                        + WINDOWS.formatted("LEFT JOIN")
                        + " AND q.price < b.price");
    }

    @Test
    void windowJoinRight() throws Exception {
        assertSame(
                WindowJoinNode.class,
                "SELECT b.price, q.item, q.window_start, q.bidtime, q.price AS quote"
                        + WINDOWS.formatted("RIGHT JOIN"));
    }

    @Test
    void windowJoinFull() throws Exception {
        assertSame(
                WindowJoinNode.class,
                "SELECT b.item, b.bidtime, b.price, q.item AS qitem, q.bidtime AS qtime,"
                        + " q.price AS quote"
                        + WINDOWS.formatted("FULL JOIN")
                        + " AND q.bidder = b.bidder");
    }

    @Test
    void windowJoinSemi() throws Exception {
        assertSame(
                WindowJoinNode.class,
                "SELECT b.item, b.window_start, b.bidtime, b.price FROM (SELECT * FROM"
                        + " TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' SECOND)))"
                        + " b WHERE EXISTS (SELECT * FROM (SELECT * FROM TABLE(TUMBLE(TABLE"
                        + " quotes, DESCRIPTOR(bidtime), INTERVAL '5' SECOND))) q WHERE q.item ="
                        + " b.item AND q.window_start = b.window_start AND q.window_end ="
                        + " b.window_end)");
    }

    @Test
    void windowJoinAnti() throws Exception {
        assertSame(
                WindowJoinNode.class,
                "SELECT b.item, b.window_start, b.bidtime, b.price FROM (SELECT * FROM"
                        + " TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' SECOND)))"
                        + " b WHERE NOT EXISTS (SELECT * FROM (SELECT * FROM TABLE(TUMBLE(TABLE"
                        + " quotes, DESCRIPTOR(bidtime), INTERVAL '5' SECOND))) q WHERE q.item ="
                        + " b.item AND q.window_start = b.window_start AND q.window_end ="
                        + " b.window_end)");
    }

    /** Nexmark q7's and q8's shape: a window join of two window aggregates. */
    @Test
    void windowJoinOfWindowAggregates() throws Exception {
        assertSame(
                WindowJoinNode.class,
                "SELECT b.item, b.window_start, b.n, q.top FROM (SELECT item, window_start,"
                        + " window_end, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bids,"
                        + " DESCRIPTOR(bidtime), INTERVAL '5' SECOND)) GROUP BY item, window_start,"
                        + " window_end) b FULL JOIN (SELECT item, window_start, window_end,"
                        + " MAX(price) AS top FROM TABLE(TUMBLE(TABLE quotes, DESCRIPTOR(bidtime),"
                        + " INTERVAL '5' SECOND)) GROUP BY item, window_start, window_end) q ON"
                        + " b.item = q.item AND b.window_start = q.window_start AND b.window_end ="
                        + " q.window_end");
    }

    @Test
    void intervalJoinInner() throws Exception {
        assertSame(
                IntervalJoinNode.class,
                "SELECT b.item, b.bidtime, b.price, q.bidtime AS qtime, q.price AS quote FROM bids"
                        + " b JOIN quotes q ON b.item = q.item AND q.bidtime BETWEEN b.bidtime -"
                        + " INTERVAL '1' SECOND AND b.bidtime + INTERVAL '2' SECOND");
    }

    @Test
    void intervalJoinLeft() throws Exception {
        assertSame(
                IntervalJoinNode.class,
                "SELECT b.item, b.bidtime, b.price, q.bidtime AS qtime FROM bids b LEFT JOIN"
                        + " quotes q ON b.item = q.item AND q.bidtime BETWEEN b.bidtime AND"
                        + " b.bidtime + INTERVAL '1' SECOND");
    }

    @Test
    void intervalJoinRightWithACondition() throws Exception {
        assertSame(
                IntervalJoinNode.class,
                "SELECT b.bidtime, q.item, q.bidtime AS qtime, q.price FROM bids b RIGHT JOIN"
                        + " quotes q ON b.item = q.item AND b.bidtime BETWEEN q.bidtime -"
                        + " INTERVAL '2' SECOND AND q.bidtime AND b.price > q.price");
    }

    @Test
    void intervalJoinFull() throws Exception {
        assertSame(
                IntervalJoinNode.class,
                "SELECT b.item, b.bidtime, q.item AS qitem, q.bidtime AS qtime FROM bids b FULL"
                        + " JOIN quotes q ON b.item = q.item AND q.bidtime > b.bidtime -"
                        + " INTERVAL '1' SECOND AND q.bidtime <= b.bidtime + INTERVAL '1' SECOND");
    }

    /** Without a key equality the join runs on one instance, keyed by a constant. */
    @Test
    void intervalJoinWithoutKeys() throws Exception {
        assertSame(
                IntervalJoinNode.class,
                "SELECT b.item, b.bidtime, q.item AS qitem, q.bidtime AS qtime FROM bids b JOIN"
                        + " quotes q ON q.bidtime BETWEEN b.bidtime AND b.bidtime + INTERVAL '1'"
                        + " SECOND");
    }

    @Test
    void temporalJoinInner() throws Exception {
        assertSame(
                TemporalJoinNode.class,
                "SELECT b.item, b.bidtime, b.price, q.bidtime AS since, q.price AS quote FROM bids"
                        + " b JOIN quotes FOR SYSTEM_TIME AS OF b.bidtime AS q ON b.item = q.item");
    }

    @Test
    void temporalJoinLeftWithACondition() throws Exception {
        assertSame(
                TemporalJoinNode.class,
                "SELECT b.item, b.bidtime, b.price, q.price AS quote FROM bids b LEFT JOIN quotes"
                        + " FOR SYSTEM_TIME AS OF b.bidtime AS q ON b.item = q.item AND q.price <"
                        + " b.price");
    }

    /** Against a versioned view: the same node, one quote per item and time, the view's WHERE. */
    @Test
    void temporalJoinLeftOverAVersionedView() throws Exception {
        assertSame(
                TemporalJoinNode.class,
                "SELECT b.item, b.bidtime, b.price, q.price AS quote, q.bidtime AS since FROM bids b"
                        + " LEFT JOIN last_quotes FOR SYSTEM_TIME AS OF b.bidtime AS q ON b.item ="
                        + " q.item");
    }

    /**
     * Checks that the plan has the join asked for (so the test tests that operator), then that
     * Flink gives the local results; the joins are insert-only.
     */
    private static void assertSame(Class<? extends ExecNode> join, String sql) throws Exception {
        JobGraph graph = queries.plan(sql);
        assertThat(graph.nodes()).as("the plan's nodes").hasAtLeastOneElementOfType(join);
        List<Change> local = SameAsLocal.assertSame(runner, graph, false, true);
        assertThat(local).extracting(Change::kind).containsOnly(RowKind.INSERT);
    }
}
