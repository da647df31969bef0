package dev.weir.flink;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.flink.source.FlinkSources;
import dev.weir.plan.JobGraph;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What cannot run on Flink is refused with NOT_SUPPORTED and a reason, before anything is submitted
 * (the runner here points at no cluster at all).
 */
class RefusalsTest {
    private final FlinkRunner nowhere = FlinkRunner.remote("127.0.0.1", 1, List.of());

    @TempDir Path dir;

    private void assertRefused(Queries queries, String sql, String reason) {
        JobGraph graph = queries.plan(sql);
        assertThatThrownBy(
                        () ->
                                nowhere.submit(
                                        "refused",
                                        graph,
                                        FlinkSources.connectors(),
                                        JobSettings.of(1)))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e ->
                                org.assertj.core.api.Assertions.assertThat(e.code())
                                        .isEqualTo(ErrorCode.NOT_SUPPORTED))
                .hasMessageContaining(reason);
    }

    @Test
    void internalStreamsAreRefused() {
        Queries queries =
                new Queries()
                        .stream(
                                "CREATE STREAM events (ts TIMESTAMP(3), v INT, WATERMARK FOR ts AS ts"
                                        + " - INTERVAL '1' SECOND)");
        assertRefused(
                queries,
                "SELECT v, COUNT(*) FROM events GROUP BY v",
                "'events' is an internal stream or a materialized view, kept by the Weir server");
    }

    @Test
    void emitAfterDelayIsRefused() throws Exception {
        Queries queries =
                new Queries()
                        .stream(TestData.bidsStream("bids", TestData.bids(dir, "b", 1, 10, false)));
        assertRefused(
                queries,
                "SELECT item, COUNT(*) FROM bids GROUP BY item EMIT AFTER DELAY INTERVAL '1' SECOND",
                "EMIT ... AFTER DELAY does not run on Flink yet");
    }

    @Test
    void tailedFilesAreRefused() throws Exception {
        Path file = TestData.bids(dir, "t", 1, 10, false);
        Queries queries =
                new Queries()
                        .stream(
                                "CREATE STREAM tailed (bidtime TIMESTAMP(3) NOT NULL, item VARCHAR NOT"
                                        + " NULL, price DECIMAL(10, 2), bidder VARCHAR) WITH"
                                        + " ('connector' = 'file', 'format' = 'csv', 'tail' = 'true',"
                                        + " 'path' = '"
                                        + file
                                        + "')");
        assertRefused(queries, "SELECT item FROM tailed", "reads bounded files only");
    }

    @Test
    void nexmarkIsRefused() {
        Queries queries =
                new Queries()
                        .stream(
                                "CREATE STREAM person (id BIGINT, name VARCHAR, emailAddress VARCHAR,"
                                        + " creditCard VARCHAR, city VARCHAR, state VARCHAR, dateTime"
                                        + " TIMESTAMP(3), extra VARCHAR) WITH ('connector' = 'nexmark',"
                                        + " 'table' = 'person')");
        assertRefused(queries, "SELECT name FROM person", "Nexmark generator");
    }

    @Test
    void processingTimeWindowsOverAUnionAreRefused() throws Exception {
        Path file = TestData.bids(dir, "p", 1, 10, false);
        Queries queries =
                new Queries()
                        .stream(
                                "CREATE STREAM clocked (bidtime TIMESTAMP(3) NOT NULL, item VARCHAR"
                                        + " NOT NULL, price DECIMAL(10, 2), bidder VARCHAR, pt AS"
                                        + " PROCTIME()) WITH ('connector' = 'file', 'format' ="
                                        + " 'csv', 'path' = '"
                                        + file
                                        + "')");
        // Rows of the two inputs meet across a channel, where the clock could pass them by.
        assertRefused(
                queries,
                "SELECT item, COUNT(*) FROM TABLE(TUMBLE((SELECT * FROM clocked UNION ALL SELECT *"
                        + " FROM clocked), DESCRIPTOR(pt), INTERVAL '10' SECOND)) GROUP BY item,"
                        + " window_start, window_end",
                "A processing-time window runs on Flink only over one stream read directly");
    }
}
