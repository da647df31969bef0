package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's limit on queries running at once: continuous and persistent ones together. */
class QueryLimitTest {
    private Engine engine;

    @BeforeEach
    void start() {
        engine = Engine.inMemory().limitQueries(2);
        engine.executeScript(
                "CREATE STREAM s (a INT); CREATE STREAM sink (a INT); INSERT INTO s VALUES (1);");
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private ContinuousQuery emit() {
        return ((StatementResult.Continuous) engine.execute("SELECT a FROM s EMIT STREAM")).query();
    }

    private void refused(String sql, String position) {
        assertThatThrownBy(() -> engine.execute(sql))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_QUERIES);
                            assertThat(e.code().sqlState()).isEqualTo("53400");
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            position
                                                    + ": Too many queries: the server runs at most"
                                                    + " 2 continuous and persistent queries at"
                                                    + " once, and runs that many now. Cancel one"
                                                    + " (SHOW QUERIES lists them), or start the"
                                                    + " server with a higher --max-queries.");
                        });
    }

    @Test
    void continuousAndPersistentQueriesCountTogether() {
        assertThat(engine.queryLimit()).isEqualTo(2);
        ContinuousQuery first = emit();
        engine.execute("INSERT INTO sink SELECT a FROM s");
        refused("SELECT a FROM s EMIT STREAM", "line 1:1");
        refused("\n INSERT INTO sink SELECT a FROM s", "line 2:2");
        refused(
                "CREATE MATERIALIZED VIEW mv AS SELECT a, COUNT(*) AS n FROM s GROUP BY a",
                "line 1:1");
        assertThat(engine.catalog().find("mv")).isEmpty();
        assertThat(engine.refusals().queryLimit()).isEqualTo(3);
        // Snapshot queries start no query that lasts: never refused.
        assertThat(engine.execute("SELECT COUNT(*) FROM s"))
                .isInstanceOf(StatementResult.Rows.class);

        first.cancel();
        engine.execute("CREATE MATERIALIZED VIEW mv AS SELECT a, COUNT(*) AS n FROM s GROUP BY a");
        // An existing view starts nothing: IF NOT EXISTS is no refusal at the limit.
        engine.execute(
                "CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT a, COUNT(*) AS n FROM s"
                        + " GROUP BY a");
        refused("SELECT a FROM s EMIT STREAM", "line 1:1");
        engine.execute("DROP MATERIALIZED VIEW mv");
        emit().cancel();
    }

    @Test
    void queriesStartedAtOnceNeverPassTheLimit() throws Exception {
        engine.limitQueries(3);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<Boolean> attempt =
                    () -> {
                        go.await();
                        try {
                            emit();
                            return true;
                        } catch (WeirException e) {
                            assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_QUERIES);
                            return false;
                        }
                    };
            started.add(pool.submit(attempt));
        }
        go.countDown();
        int admitted = 0;
        for (Future<Boolean> f : started) {
            admitted += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(admitted).isEqualTo(3);
        assertThat(engine.continuousQueries().running()).hasSize(3);
        assertThat(engine.refusals().queryLimit()).isEqualTo(5);
    }

    @Test
    void aLimitIsPositive() {
        assertThatThrownBy(() -> engine.limitQueries(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The query limit must be positive: 0");
        assertThat(Engine.inMemory().queryLimit()).isEqualTo(Integer.MAX_VALUE);
    }
}
